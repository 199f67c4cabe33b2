import { errorInfo } from "./api";

/** A page's actions, one at a time: `busy` while one runs, and the last one's error in Vietnamese
 *  with the fields it names, for the page to show. */
export class Task {
  busy = $state(false);
  message = $state("");
  fields = $state<Record<string, string>>({});

  run = async (work: () => Promise<void>): Promise<void> => {
    this.busy = true;
    this.message = "";
    this.fields = {};
    try {
      await work();
    } catch (e) {
      const info = errorInfo(e);
      this.message = info.message;
      this.fields = info.fields;
    } finally {
      this.busy = false;
    }
  };
}
