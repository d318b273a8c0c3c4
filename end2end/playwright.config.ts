import { defineConfig } from "@playwright/test";
import { tmpdir } from "os";

const port = Number(process.env.HIREVOO_E2E_PORT ?? 3900);
export const baseURL = `http://127.0.0.1:${port}`;
export const demoPassword = "end-to-end demo password";
// Outside the clone: the PostgreSQL user must reach it even when the clone is private.
const dataDir = process.env.HIREVOO_E2E_DATA_DIR ?? `${tmpdir()}/hirevoo-e2e-${port}`;
const binary = process.env.HIREVOO_BIN ?? "target/release/hirevoo-server";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // A fresh managed primary and replica, seeded with the demo accounts.
    command: `rm -rf ${dataDir} && exec ${binary}`,
    cwd: "..",
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      HIREVOO_SITE_ADDRESS: `127.0.0.1:${port}`,
      HIREVOO_PUBLIC_URL: baseURL,
      HIREVOO_DATA_DIR: dataDir,
      HIREVOO_DEMO_PASSWORD: demoPassword,
      RUST_LOG: "warn",
    },
  },
});
