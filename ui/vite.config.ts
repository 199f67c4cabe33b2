import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The bundle is served by Tauri from disk: no CDN, no network at run time.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { target: "safari15", outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
