// The "file manager" of the real-window tests (TUANLE_OPENER): records what the app asked the
// system to open, one path a line, in the file named by TUANLE_OPENED_LOG.
import { appendFileSync } from "node:fs";

appendFileSync(process.env.TUANLE_OPENED_LOG, `${process.argv[2]}\n`);
