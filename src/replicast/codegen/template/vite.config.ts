import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// base "./": dist/index.html loads its assets relative to itself, so the build works from any folder
export default defineConfig({
  base: "./",
  plugins: [react(), tailwindcss()],
});
