import { Component, inject, signal } from '@angular/core';
import { AsyncPipe, JsonPipe } from '@angular/common';
import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { AuthService } from '@auth0/auth0-angular';

// What the page shows of a token: its type and claims (never the token itself).
const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));

@Component({
  selector: 'app-root',
  imports: [AsyncPipe, JsonPipe],
  template: `
    @if (auth.isLoading$ | async) {
      <p id="loading">Loading…</p>
    } @else {
      @if (auth.user$ | async; as user) {
        <p id="user" [attr.data-sub]="user.sub">{{ user.name }}</p>
        <button id="get-token" (click)="getToken()">Get an access token</button>
        <button id="http" (click)="callApi()">HttpClient GET</button>
      } @else {
        <button id="login" (click)="login()">Log in</button>
      }
    }
    @if (token(); as t) {
      <pre id="token" [attr.data-type]="t.type">{{ t.claims | json }}</pre>
    }
    @if (viaHttpClient(); as status) {
      <p id="via-http" [attr.data-status]="status">{{ status }}</p>
    }
    @if (failure(); as f) {
      <p id="failure">{{ f }}</p>
    }
  `,
})
export class App {
  protected readonly auth = inject(AuthService);
  protected readonly token = signal<{ type?: string; claims: Record<string, unknown> } | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly viaHttpClient = signal<number | null>(null);
  private readonly http = inject(HttpClient);

  login(): void {
    this.auth.loginWithRedirect().subscribe();
  }

  // auth0-angular's interceptor attaches the token as Bearer.
  callApi(): void {
    this.http.get<unknown>(`${globalThis.testConfig.api}/api/http`).subscribe({
      next: () => this.viaHttpClient.set(200),
      error: (e: HttpErrorResponse) => this.viaHttpClient.set(e.status),
    });
  }

  getToken(): void {
    this.auth.getAccessTokenSilently({ detailedResponse: true }).subscribe({
      next: (t) => this.token.set(t ? { type: t.token_type, claims: claimsOf(t.access_token) } : null),
      error: (e: Error) => this.failure.set(`token: ${e.message}`),
    });
  }
}
