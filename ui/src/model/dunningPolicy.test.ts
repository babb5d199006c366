import { describe, expect, it } from "vitest";

import type { DunningPolicy } from "../api/types";
import {
  addLevel,
  changeLevel,
  dunningPolicyForm,
  parseMoneyList,
  policyOfForm,
  removeLevel,
} from "./dunningPolicy";

// The shipped "firm" ladder with a fee on the formal demand and a minimum of 50.00 EUR.
const firm: DunningPolicy = {
  name: "firm",
  levels: [
    {
      days_overdue: 7,
      channel: "email_reminder",
      templates: [
        { language: "en", name: "reminder" },
        { language: "zh-CN", name: "reminder" },
      ],
      fees: [],
      fee_percent: null,
      charge_interest: false,
      consequences: [],
    },
    {
      days_overdue: 30,
      channel: "printed_letter",
      templates: [{ language: "en", name: "formal_demand" }],
      fees: [{ amount: "15.00", currency: "EUR" }],
      fee_percent: "2.5",
      charge_interest: true,
      consequences: ["credit_hold"],
    },
  ],
  minimum_amounts: [{ amount: "50.00", currency: "EUR" }],
  minimum_gap_days: 7,
};

describe("the dunning policy form", () => {
  it("reads back exactly the policy it was filled from", () => {
    const form = dunningPolicyForm(firm);
    expect(form.levels[1]).toMatchObject({
      days: "30",
      templates: { en: "formal_demand", "zh-CN": "" },
      fees: "15.00 EUR",
      feePercent: "2.5",
    });
    expect(policyOfForm(form, "en")).toEqual({ ok: true, request: firm });
  });

  it("reads amounts with their currency in either order, several separated by semicolons", () => {
    expect(parseMoneyList("5.00 EUR; usd 7.5;  ", "en")).toEqual({
      ok: true,
      list: [
        { amount: "5.00", currency: "EUR" },
        { amount: "7.5", currency: "USD" },
      ],
    });
    expect(parseMoneyList("5,00 EUR", "de-DE")).toEqual({
      ok: true,
      list: [{ amount: "5.00", currency: "EUR" }],
    });
    expect(parseMoneyList("five euros", "en")).toEqual({ ok: false, value: "five euros" });
  });

  it("names every field it cannot read, level by level, and sends nothing", () => {
    let form = dunningPolicyForm(firm);
    form = changeLevel(form, 0, { days: "seven" });
    form = changeLevel(form, 1, { fees: "15 euro", feePercent: "a tenth" });
    form = { ...form, gapDays: "", name: " " };
    expect(policyOfForm(form, "en")).toEqual({
      ok: false,
      problems: {
        name: { kind: "required" },
        "level-0-days": { kind: "days", value: "seven" },
        "level-1-fees": { kind: "money", value: "15 euro" },
        "level-1-feePercent": { kind: "number", value: "a tenth" },
        gapDays: { kind: "days", value: "" },
      },
    });
  });

  it("takes a percentage typed with its sign", () => {
    const checked = policyOfForm(
      changeLevel(dunningPolicyForm(firm), 1, { feePercent: "2.5 %" }),
      "en",
    );
    expect(checked.ok && checked.request.levels[1]?.fee_percent).toBe("2.5");
  });

  it("adds a level thirty days after the last and removes one", () => {
    const form = addLevel(dunningPolicyForm(firm));
    expect(form.levels.map((l) => [l.days, l.channel])).toEqual([
      ["7", "email_reminder"],
      ["30", "printed_letter"],
      ["60", "printed_letter"],
    ]);
    expect(removeLevel(form, 0).levels.map((l) => l.days)).toEqual(["30", "60"]);
  });

  it("leaves out a language without a template, so the backend can say a level has none", () => {
    const form = changeLevel(dunningPolicyForm(firm), 0, { templates: { en: "", "zh-CN": "" } });
    const checked = policyOfForm(form, "en");
    expect(checked.ok && checked.request.levels[0]?.templates).toEqual([]);
  });
});
