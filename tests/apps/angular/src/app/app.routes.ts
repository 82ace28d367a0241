import { Routes } from '@angular/router';
import { authGuardFn } from 'dpop-spa/angular';
import { Home } from './home';
import { Profile } from './profile';

export const routes: Routes = [
  { path: '', component: Home },
  { path: 'profile', component: Profile, canActivate: [authGuardFn] },
];
