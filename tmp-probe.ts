import { initBackend } from './src/core/backend.js';
const c = await initBackend('webgpu');
console.log(c);
