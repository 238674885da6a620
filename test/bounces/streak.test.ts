import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type SentDelivery, type SoftBounce, softBounceStreak } from "../../src/bounces/index.ts";

const t = (day: number, hour = 9) =>
  `2024-06-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
let ids = 0;
const b = (day: number, messageId = "", hour = 12): SoftBounce => ({
  id: ++ids,
  at: t(day, hour),
  messageId,
});
const d = (id: number, day: number, messageId = ""): SentDelivery => ({ id, sentAt: t(day), messageId });

describe("soft bounces in a row (pure)", () => {
  test("without deliveries, every bounce is its own message", () => {
    assert.equal(softBounceStreak([], []), 0);
    assert.equal(softBounceStreak([b(1), b(2), b(3)], []), 3);
  });

  test("a bounce is about the latest delivery before it; one that went through resets", () => {
    const deliveries = [d(1, 1), d(2, 8), d(3, 15), d(4, 22)];
    assert.equal(softBounceStreak([b(1), b(8), b(15)], deliveries), 0, "issue 4 went through");
    assert.equal(softBounceStreak([b(1), b(8), b(15), b(22)], deliveries), 4);
    assert.equal(softBounceStreak([b(1), b(8), b(22)], deliveries), 1, "issue 3 went through");
  });

  test("several reports about one delivery count once", () => {
    assert.equal(softBounceStreak([b(1, "", 10), b(1, "", 14), b(2)], [d(1, 1)]), 1);
  });

  test("Message-IDs tie bounces to deliveries, with or without angle brackets", () => {
    const deliveries = [d(1, 1, "<a@x>"), d(2, 8, "<b@x>"), d(3, 15, "c@x")];
    // Issue 2's bounce arrives after issue 3 went out: issue 3 still went through.
    assert.equal(softBounceStreak([b(2, "a@x"), b(16, "B@X")], deliveries), 0);
    assert.equal(softBounceStreak([b(2, "a@x"), b(16, "b@x"), b(17, "<c@x>")], deliveries), 3);
    // A Message-ID no delivery has (a confirmation email, say) is about another message.
    assert.equal(softBounceStreak([b(16, "confirm-1@x")], deliveries), 1);
  });
});
