import { createRouter, createWebHistory } from 'vue-router';
import { authGuard, createAuthGuard } from 'dpop-spa/vue';
import Home from './views/Home.vue';
import Profile from './views/Profile.vue';
import Orders from './views/Orders.vue';
import Plain from './views/Plain.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: Home },
    { path: '/profile', component: Profile, beforeEnter: authGuard },
    // A guard with login options of its own: its appState goes along with the route's target.
    { path: '/orders', component: Orders, beforeEnter: createAuthGuard({ redirectLoginOptions: { appState: { from: 'orders' } } }) },
    { path: '/other-callback', component: Plain, meta: { title: 'other callback' } },
    { path: '/error', component: Plain, meta: { title: 'error' } },
  ],
});
