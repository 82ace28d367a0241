import { Component, inject } from '@angular/core';
import { AsyncPipe } from '@angular/common';
import { RouterLink, RouterOutlet } from '@angular/router';
import { AuthService } from 'dpop-spa/angular';

@Component({
  selector: 'app-root',
  imports: [AsyncPipe, RouterLink, RouterOutlet],
  templateUrl: './app.html',
})
export class App {
  protected readonly auth = inject(AuthService);

  loginWithRedirect(): void {
    this.auth.loginWithRedirect({ appState: { target: '/profile' } }).subscribe();
  }

  // The popup opens inside this click handler (loginWithPopup calls the client at once).
  loginWithPopup(): void {
    this.auth.loginWithPopup().subscribe();
  }

  logout(): void {
    this.auth.logout({ logoutParams: { returnTo: window.location.origin } }).subscribe();
  }
}
