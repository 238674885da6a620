import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { insertMany } from "../../src/store/repositories/insert-many.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

/** insertMany reuses one compiled INSERT per shape: the rows must land exactly as Kysely's own. */
for (const dialect of DIALECTS) {
  describe(`insertMany (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(async () => {
      await store?.dispose();
    });

    const person = (name: string, full_name: string) => ({
      name,
      full_name,
      email: "",
      role: "summarizer" as const,
    });

    test("writes every value, returns rows in the order given, and reuses the statement", async () => {
      const first = await insertMany<"people", { id: number; name: string }>(
        store.db,
        "people",
        [person("Ann", "Ann O'Neil"), person("Bo", "Bo Bo")],
        ["id", "name"],
      );
      // Same shape again: the cached SQL, fresh parameters.
      const second = await insertMany<"people", { id: number; name: string }>(
        store.db,
        "people",
        [person("Cy", "Cy"), person("Di", "Di'); DROP TABLE people; --")],
        ["id", "name"],
      );
      const returned = [...first, ...second];
      assert.deepEqual(
        returned.map((r) => r.name),
        ["Ann", "Bo", "Cy", "Di"],
      );
      const stored = await store.db
        .selectFrom("people")
        .select(["id", "name", "full_name", "role"])
        .where("name", "in", ["Ann", "Bo", "Cy", "Di"])
        .orderBy("id")
        .execute();
      assert.deepEqual(stored, [
        { id: returned[0]!.id, name: "Ann", full_name: "Ann O'Neil", role: "summarizer" },
        { id: returned[1]!.id, name: "Bo", full_name: "Bo Bo", role: "summarizer" },
        { id: returned[2]!.id, name: "Cy", full_name: "Cy", role: "summarizer" },
        { id: returned[3]!.id, name: "Di", full_name: "Di'); DROP TABLE people; --", role: "summarizer" },
      ]);
    });

    test("rows whose columns differ in order go through Kysely, values in their columns", async () => {
      const rows = await insertMany<"people", { name: string }>(
        store.db,
        "people",
        [
          person("Eve", "Eve E"),
          { ...person("Fay", "Fay F"), full_name: "Fay F", name: "Fay" },
          person("Gus", "Gus G"),
        ],
        ["name"],
      );
      assert.deepEqual(
        rows.map((r) => r.name),
        ["Eve", "Fay", "Gus"],
      );
      const stored = await store.db
        .selectFrom("people")
        .select(["name", "full_name"])
        .where("name", "in", ["Eve", "Fay", "Gus"])
        .orderBy("name")
        .execute();
      assert.deepEqual(stored, [
        { name: "Eve", full_name: "Eve E" },
        { name: "Fay", full_name: "Fay F" },
        { name: "Gus", full_name: "Gus G" },
      ]);
    });

    test("a constraint violation fails the statement and writes none of its rows", async () => {
      await assert.rejects(insertMany(store.db, "people", [person("Ed", "Ed One"), person("Ed", "Ed Two")]));
      const eds = await store.db.selectFrom("people").select("name").where("name", "=", "Ed").execute();
      assert.equal(eds.length, 0);
    });
  });
}
