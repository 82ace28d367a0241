import { createRouter, createWebHistory } from 'vue-router';
import { authGuard, createAuthGuard } from 'dpop-spa/vue';
import Home from './views/Home.vue';
import Profile from './views/Profile.vue';
import Orders from './views/Orders.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: Home },
    { path: '/profile', component: Profile, beforeEnter: authGuard },
    // A guard with its own login options (the appState is kept through the login).
    { path: '/orders', component: Orders, beforeEnter: createAuthGuard({ redirectLoginOptions: { appState: { from: 'orders' } } }) },
  ],
});
