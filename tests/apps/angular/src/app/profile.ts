import { Component, inject, signal } from '@angular/core';
import { AsyncPipe, JsonPipe } from '@angular/common';
import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { AuthService } from 'dpop-spa/angular';
import { sent } from './app.config';

// What the page shows of a token: its type and claims (never the token itself).
const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));

@Component({
  selector: 'app-profile',
  imports: [AsyncPipe, JsonPipe],
  templateUrl: './profile.html',
})
export class Profile {
  protected readonly auth = inject(AuthService);
  private readonly http = inject(HttpClient);
  private readonly api = globalThis.testConfig.api;

  protected readonly token = signal<{ type?: string; claims: Record<string, unknown> } | null>(null);
  protected readonly jkt = signal<string | null>(null);
  protected readonly fetched = signal<{ status: number; body: unknown } | null>(null);
  protected readonly viaHttpClient = signal<{ status: number; body: unknown } | null>(null);
  protected readonly publicResult = signal<{ status: number } | null>(null);
  protected readonly posted = signal<{ status: number; body: unknown } | null>(null);
  protected readonly patched = signal<{ status: number; error: string } | null>(null);
  protected readonly sent = sent;
  protected readonly failure = signal<string | null>(null);

  getToken(): void {
    this.auth.getAccessTokenSilently({ detailedResponse: true }).subscribe({
      next: (t) => this.token.set(t ? { type: t.token_type, claims: claimsOf(t.access_token) } : null),
      error: (e: Error) => this.failure.set(`token: ${e.message}`),
    });
    this.auth.getDpopThumbprint().subscribe((jkt) => this.jkt.set(jkt));
  }

  // The core's fetcher: DPoP proof, the API's own nonce and its retry.
  async fetchWithAuth(): Promise<void> {
    try {
      const res = await this.auth.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(`${this.api}/api/data`);
      this.fetched.set({ status: res.status, body: await res.json() });
    } catch (e) {
      this.failure.set(`fetchWithAuth: ${(e as Error).message}`);
    }
  }

  // HttpClient through authHttpInterceptorFn (httpInterceptor.allowedList).
  callApi(): void {
    this.http.get<unknown>(`${this.api}/api/http`).subscribe({
      next: (body) => this.viaHttpClient.set({ status: 200, body }),
      error: (e: HttpErrorResponse) => this.viaHttpClient.set({ status: e.status, body: e.error }),
    });
  }

  // A body: it stays in the Angular request, on the nonce retry too.
  post(): void {
    this.http.post<unknown>(`${this.api}/api/post`, { hello: 'world' }).subscribe({
      next: (body) => this.posted.set({ status: 200, body }),
      error: (e: HttpErrorResponse) => this.posted.set({ status: e.status, body: e.error }),
    });
  }

  // The API does not allow PATCH (CORS), so the browser refuses the request: no answer at all.
  patch(): void {
    this.http.patch<unknown>(`${this.api}/api/patch`, { hello: 'world' }).subscribe({
      next: () => this.patched.set({ status: 200, error: '' }),
      error: (e: unknown) => this.patched.set(e instanceof HttpErrorResponse ? { status: e.status, error: e.name } : { status: -1, error: String(e) }),
    });
  }

  // Not in the allowedList: sent as it is, without a token.
  callPublic(): void {
    this.http.get<unknown>(`${this.api}/public`).subscribe({
      next: () => this.publicResult.set({ status: 200 }),
      error: (e: HttpErrorResponse) => this.publicResult.set({ status: e.status }),
    });
  }
}
