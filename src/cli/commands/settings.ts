import type { Command } from "commander";
import { SummaError } from "../../domain/errors.ts";
import { getSettings, SETTING_KEYS, type SettingKey, setSetting } from "../../store/index.ts";
import { printJson, withStore } from "../context.ts";

/** `summa settings` shows them; `summa settings set KEY VALUE` changes one. */
export function registerSettings(program: Command): void {
  const settings = program
    .command("settings")
    .description("the newsletter's name, issue prefix, editor and more");
  settings.command("show", { isDefault: true }).action(async (_opts, cmd: Command) =>
    withStore(cmd, async (store, { json }) => {
      const all = await getSettings(store.db);
      if (json) return printJson(all);
      for (const [k, v] of Object.entries(all)) process.stdout.write(`${k} = ${v}\n`);
    }),
  );
  settings
    .command("set")
    .argument("<key>", SETTING_KEYS.join(", "))
    .argument("<value>")
    .action(async (key: string, value: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json }) => {
        if (!(SETTING_KEYS as readonly string[]).includes(key)) {
          throw new SummaError(
            "config.invalid",
            `Unknown setting "${key}": use one of ${SETTING_KEYS.join(", ")}`,
          );
        }
        if (/[\r\n]/.test(value) || value.trim() === "")
          throw new SummaError("config.invalid", `${key}: expected one line of text`);
        await setSetting(store.db, key as SettingKey, value.trim());
        if (json) printJson({ [key]: value.trim() });
        else process.stdout.write(`${key} = ${value.trim()}\n`);
      }),
    );
}
