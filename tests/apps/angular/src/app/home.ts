import { Component, inject } from '@angular/core';
import { AsyncPipe } from '@angular/common';
import { AuthService } from 'dpop-spa/angular';

@Component({
  selector: 'app-home',
  imports: [AsyncPipe],
  template: `
    <h1>dpop-spa/angular</h1>
    @if (auth.user$ | async; as user) {
      <p id="home-user">Hello {{ user.name }}</p>
    } @else {
      <p id="home-anonymous">Not signed in.</p>
    }
  `,
})
export class Home {
  protected readonly auth = inject(AuthService);
}
