import type { Command } from "commander";
import {
  changeSetting,
  clearSetting,
  readSettings,
  SETTING_KEYS,
  SETTING_NOTES,
} from "../../newsletter/index.ts";
import type { SettingKey } from "../../store/index.ts";
import { withStore } from "../context.ts";

/** What a setting does, beside its value, where a value alone would mislead (open counting is unreliable). */
const note = (key: string) => {
  const text = SETTING_NOTES[key as SettingKey];
  return text ? `  # ${text}` : "";
};

/** `summa settings` shows them; `summa settings set KEY VALUE` changes one, `unset KEY` clears it. */
export function registerSettings(program: Command): void {
  const settings = program
    .command("settings")
    .description("the newsletter's name, issue prefix, editor and more");
  settings.command("show", { isDefault: true }).action(async (_opts, cmd: Command) =>
    withStore(cmd, async (store, { json, out, printJson }) => {
      const all = await readSettings(store);
      if (json) return printJson(all);
      for (const [k, v] of Object.entries(all)) out(`${k} = ${v}${note(k)}\n`);
    }),
  );
  settings
    .command("set")
    .argument("<key>", SETTING_KEYS.join(", "))
    .argument("<value>")
    .action(async (key: string, value: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const saved = await changeSetting(store, key, value);
        if (json) printJson({ [key]: saved });
        else out(`${key} = ${saved}${note(key)}\n`);
      }),
    );
  settings
    .command("unset")
    .description("clear a setting: it reads as its default again")
    .argument("<key>", SETTING_KEYS.join(", "))
    .action(async (key: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const fallback = await clearSetting(store, key);
        if (json) printJson({ [key]: fallback });
        else out(fallback ? `${key} unset (now its default: ${fallback})\n` : `${key} unset\n`);
      }),
    );
}
