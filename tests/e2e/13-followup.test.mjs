// On the demo book: a payment plan set up on a customer's page from its overdue items shows the
// instalments the command line's `plan create` makes from the same items, to the cent, and the
// same plan on the Follow-up screen with each instalment's adherence; once missed beyond its
// grace period it is broken from there, as `plans` then records it. A claim filed on an insured
// customer's invoice is decided once, and the insurer's payment recorded against the invoice is
// shown allocated, as `claims` and `invoice` say. The promises report lists the promises by
// state as `promises` does.
import assert from "node:assert/strict";
import { copyFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { creditdesk, customers, demoBook, invoices } from "./support/cli.mjs";
import { greaterThan, sameAmount, subtract } from "./support/decimal.mjs";

/** The last day of the demo book's history (the command line's default end). */
const AS_OF = "2026-11-30";
/** After the plan's first instalment (due on AS_OF) and its ten days of grace. */
const LATER = "2026-12-20";
const PLAN = { parts: "3", every: "1", down: "200.00", rate: "8", grace: "10" };

async function cliJson(book, ...args) {
  return JSON.parse(await creditdesk(book, ...args, "--format", "json"));
}

/** The customer's trade-credit insurance, or null (also without a credit file). */
async function insurance(book, customer) {
  try {
    return (await cliJson(book, "credit", "show", customer)).file.insurance ?? null;
  } catch {
    return null;
  }
}

/** Opens a screen by its address, as a link would. */
async function goToHash(app, hash, heading) {
  await app.browser.execute((h) => {
    window.location.hash = h;
  }, hash);
  await app.waitFor(`heading-${heading}`);
}

describe("payment plans, claims and promises on the demo book", () => {
  let app;
  let book;
  /** The customer the plan is for, its overdue undisputed invoices, and the CLI's own plan. */
  let plan;
  /** An insured customer's overdue invoice the claim is for. */
  let claimed;

  before(async () => {
    app = await startApp("followup");
    book = app.bookPath("demo.creditdesk");
    await demoBook(book, AS_OF);

    // The plan: the first EUR customer whose overdue undisputed invoices the command line puts
    // on a plan (on a copy of the book, which the app never opens).
    for (const customer of await customers(book, AS_OF)) {
      const eur = customer.balances.find((b) => b.currency === "EUR");
      if (!eur || !greaterThan(eur.overdue.amount, "300")) {
        continue;
      }
      const overdue = (
        await invoices(book, AS_OF, "--overdue", "--customer", customer.reference)
      ).filter((i) => !i.disputed && i.currency === "EUR");
      if (overdue.length === 0) {
        continue;
      }
      const reference = app.bookPath(`reference-${customer.reference}.creditdesk`);
      await copyFile(book, reference);
      try {
        await creditdesk(
          reference,
          ...["plan", "create", customer.reference, "--invoice", ...overdue.map((i) => i.number)],
          ...["--start", AS_OF, "--parts", PLAN.parts, "--every", `${PLAN.every}m`],
          ...["--down", PLAN.down, "--rate", PLAN.rate, "--grace", PLAN.grace],
        );
      } catch {
        continue;
      }
      const [line] = await cliJson(reference, "plans", "--as-of", AS_OF);
      plan = { customer: customer.reference, invoices: overdue.map((i) => i.number), line };
      break;
    }
    assert.ok(plan, "a customer of the demo book has overdue items to put on a plan");

    // The claim: an overdue, undisputed EUR invoice of an insured customer.
    for (const customer of await customers(book, AS_OF)) {
      if (customer.reference === plan.customer || !(await insurance(book, customer.reference))) {
        continue;
      }
      const invoice = (
        await invoices(book, AS_OF, "--overdue", "--customer", customer.reference)
      ).find((i) => !i.disputed && i.currency === "EUR" && greaterThan(i.open.amount, "10"));
      if (invoice) {
        claimed = { customer: customer.reference, invoice };
        break;
      }
    }
    assert.ok(claimed, "an insured customer of the demo book has an overdue invoice");

    await app.openBook(book, "Demo Trading GmbH");
    await app.setAsOf(AS_OF);
  });
  after(async () => app?.close());

  it("sets up a plan from the overdue items with the command line's instalments", async () => {
    await app.openCustomer(plan.customer);
    await app.click("customer-plan");
    await app.waitFor("plan-dialog");
    const chosen = [];
    for (const box of await app.all("plan-item-")) {
      if (await box.isSelected()) {
        chosen.push((await box.getAttribute("data-testid")).slice("plan-item-".length));
      }
    }
    assert.deepEqual(
      chosen.sort(),
      [...plan.invoices].sort(),
      "every overdue undisputed invoice is chosen",
    );

    await app.type("plan-down", PLAN.down);
    await app.type("plan-parts", PLAN.parts);
    await app.type("plan-every", PLAN.every);
    await app.type("plan-rate", PLAN.rate);
    await app.type("plan-grace", PLAN.grace);
    await app.screenshot("plan-setup-form");
    await app.click("plan-preview-button");
    await app.waitFor("plan-preview");
    const expected = plan.line.plan.instalments;
    for (const instalment of expected) {
      const row = await app.waitFor(`plan-preview-${instalment.seq}`);
      assert.equal(await row.getAttribute("data-due"), instalment.due_date);
      const shown = await row.getAttribute("data-amount");
      assert.ok(
        sameAmount(shown, instalment.amount.amount),
        `instalment ${instalment.seq}: ${shown} vs ${instalment.amount.amount}`,
      );
    }
    assert.equal(
      await app.el(`plan-preview-${expected.length + 1}`).isExisting(),
      false,
      "no instalment more than the command line's",
    );
    assert.ok(
      sameAmount(await app.amount("plan-preview-interest"), plan.line.plan.interest.amount),
    );
    await app.screenshot("plan-setup");

    await app.click("plan-create");
    const notice = await app.text("plan-notice");
    assert.match(notice, new RegExp(`^Set up payment plan PLAN-1 for customer ${plan.customer}: `));
    const [line] = await cliJson(book, "plans", "--as-of", AS_OF);
    assert.deepEqual(
      line.plan.instalments,
      expected,
      "the app's plan is the command line's, instalment by instalment",
    );
    assert.equal(
      await (await app.waitFor("customer-plan-1")).getAttribute("data-state"),
      "on_track",
    );
    let timeline = [];
    await app.until(
      async () => {
        timeline = [];
        for (const event of await app.all("timeline-event-")) {
          timeline.push(await event.getAttribute("data-kind"));
        }
        return timeline.includes("plan_created");
      },
      () => `the timeline shows no plan: ${timeline.join(", ")}`,
    );
    await (await app.waitFor("customer-plans")).scrollIntoView();
    await app.screenshot("customer-plans");
  });

  it("shows the plan's instalments on the Follow-up screen and breaks it past its grace", async () => {
    await app.goTo("followup");
    const [line] = await cliJson(book, "plans", "--as-of", AS_OF);
    assert.equal(
      await (await app.waitFor("plan-1")).getAttribute("data-state"),
      line.standing.state,
    );
    assert.ok(sameAmount(await app.amount("plan-remaining-1"), line.standing.remaining.amount));
    await app.click("plan-details-toggle-1");
    for (const adherence of line.adherence) {
      const row = await app.waitFor(`plan-1-instalment-${adherence.seq}`);
      assert.equal(await row.getAttribute("data-state"), adherence.state);
    }

    await app.setAsOf(LATER);
    await app.until(
      async () => (await app.el("plan-1").getAttribute("data-state")) === "broken",
      async () => `plan 1 is ${await app.el("plan-1").getAttribute("data-state")} on ${LATER}`,
    );
    const [later] = await cliJson(book, "plans", "--as-of", LATER);
    for (const adherence of later.adherence) {
      const row = app.el(`plan-1-instalment-${adherence.seq}`);
      assert.equal(
        await row.getAttribute("data-state"),
        adherence.state,
        `instalment ${adherence.seq}`,
      );
    }
    assert.equal(later.recorded_broken, null, "not recorded broken before the button is pressed");

    await app.screenshot("followup-plan-broken");
    await app.click("plan-break-1");
    await app.waitFor("break-plan-question");
    await app.click("break-plan-confirm");
    await app.waitFor("plan-recorded-1");
    const notice = await app.text("plan-notice");
    assert.match(notice, /^Recorded payment plan PLAN-1 of customer .* broken: the remaining /);
    const [recorded] = await cliJson(book, "plans", "--as-of", LATER);
    assert.equal(recorded.recorded_broken.broken_on, later.standing.broken_on);
    assert.ok(notice.includes(recorded.recorded_broken.broken_on), notice);
    await app.setAsOf(AS_OF);
  });

  it("files a claim, records the decision once and shows the insurer's payment allocated", async () => {
    const { invoice } = claimed;
    const claimedAmount = invoice.open.amount;
    const paid = subtract(claimedAmount, "5.00");
    await goToHash(app, `#/invoices/${encodeURIComponent(invoice.number)}`, "invoice");
    await app.waitFor("invoice-insurance");
    await app.click("invoice-file-claim");
    const field = await app.waitFor("claim-claimed");
    assert.ok(sameAmount(await field.getValue(), claimedAmount), "the claim is for what is open");
    await app.click("claim-dialog-save");
    await app.waitForText(
      "claim-notice",
      `Filed claim 1 with the insurer for ${claimedAmount} EUR on invoices ${invoice.number}.`,
    );

    await app.click("claim-decide-1");
    await app.waitFor("decide-dialog");
    await (await app.waitFor("decide-decision")).selectByAttribute("value", "partly");
    await app.type("decide-paid", paid);
    await app.click("decide-dialog-save");
    await app.waitForText("claim-decision-1", "Partly accepted");
    const [decided] = await cliJson(book, "claims");
    assert.equal(decided.entry.claim.decision, "partly");
    assert.equal(await app.text("claim-notice"), decided.message, "the backend's sentence");
    assert.ok(sameAmount(await app.amount("claim-paid-1"), decided.outcome.paid.amount));
    assert.ok(sameAmount(await app.amount("claim-retention-1"), decided.outcome.retention.amount));
    assert.ok(sameAmount(decided.outcome.retention.amount, "5.00"));
    assert.equal(await app.el("claim-decide-1").isExisting(), false, "a claim is decided once");

    await app.click("claim-record-receipt-1");
    assert.equal(await (await app.waitFor("receipt-reference")).getValue(), "CLAIM-1");
    await app.click("receipt-dialog-save");
    await app.until(
      async () => sameAmount((await app.amount("claim-receipt-1")) || "0", paid),
      async () => `the insurer's payment shows ${await app.text("claim-receipt-1")}`,
    );
    const detail = await cliJson(book, "invoice", invoice.number);
    const allocated = detail.instalments
      .flatMap((i) => i.allocations)
      .filter((a) => a.settlement_reference === "CLAIM-1")
      .map((a) => a.amount.amount);
    assert.ok(allocated.length > 0, "the command line lists the payment on the invoice");
    assert.ok(
      sameAmount(
        allocated.reduce((sum, a) => subtract(sum, subtract("0", a)), "0"),
        paid,
      ),
      `allocated ${allocated.join(" + ")}, paid ${paid}`,
    );
    await (await app.waitFor("invoice-claims")).scrollIntoView();
    await app.screenshot("invoice-claims");
  });

  it("lists the promises by state as the command line does", async () => {
    const { customer, invoice } = claimed;
    const promise = (made, due, amount, by) =>
      creditdesk(
        book,
        ...["promise", "add", customer, "--made", made, "--date", due, "--amount", amount],
        ...["--by", by, "--channel", "phone", "--invoice", invoice.number],
      );
    await promise("2026-11-20", AS_OF, "10.00", "Ms Lind");
    await promise(AS_OF, "2026-12-15", "1.00", "Mr Berg");
    await promise("2026-10-01", "2026-10-10", "2.00", "Ms Ode");
    const lines = await cliJson(book, "promises", "--as-of", AS_OF);

    await app.goTo("dashboard");
    await app.goTo("followup");
    await app.waitFor("followup-promises");
    for (const state of ["pending", "kept", "broken"]) {
      const group = await app.waitFor(`promises-${state}`);
      const ids = [];
      for await (const row of group.$$('[data-testid^="promise-report-"]')) {
        ids.push(Number((await row.getAttribute("data-testid")).split("-").pop()));
      }
      const expected = lines.filter((l) => l.standing.state === state);
      assert.deepEqual(
        ids,
        expected.map((l) => l.id),
        `${state} promises`,
      );
      if (expected.length > 0) {
        const total = await app.amount(`promises-total-${state}-EUR`);
        const sum = expected
          .map((l) => l.promise.amount.amount)
          .reduce((a, b) => subtract(a, subtract("0", b)), "0");
        assert.ok(sameAmount(total, sum), `${state}: ${total} vs ${sum}`);
      }
    }
    await app.screenshot("followup");
    await (await app.waitFor("followup-promises")).scrollIntoView();
    await app.screenshot("followup-promises");
    await app.setLanguage("zh-CN");
    await app.waitForText("heading-followup", "跟进");
    await (await app.waitFor("followup-plans")).scrollIntoView();
    await app.screenshot("followup-zh-CN");
    await app.setLanguage("en");
  });
});
