import { defineConfig } from "@playwright/test";

const port = Number(process.env.REPLAY_PORT ?? 4173);

/**
 * The recording replayed against the built app (run `npm run build` first): vite preview serves
 * dist/, and the Chromium already on this machine drives it (set CHROMIUM to its path).
 */
export default defineConfig({
  testDir: "tests",
  timeout: 60_000,
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
  },
});
