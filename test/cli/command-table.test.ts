import assert from "node:assert/strict";
import { test } from "node:test";
import { invokedCommand } from "../../src/cli/command-table.ts";

test("the command a command line runs is found past global options and their values", () => {
  assert.equal(invokedCommand(["search", "reward"]), "search");
  assert.equal(invokedCommand(["--db", "x.db", "--json", "lookup", "1811.07871"]), "lookup");
  assert.equal(invokedCommand(["--db=x.db", "stats"]), "stats");
  assert.equal(invokedCommand(["help", "issue"]), "issue");
  assert.equal(invokedCommand(["--help"]), null);
  assert.equal(invokedCommand([]), null);
  assert.equal(invokedCommand(["--version"]), null);
});
