import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Nothing for dpop-spa here: the package needs no bundler configuration.
export default defineConfig({ plugins: [vue()] });
