/**
 * One dunning run for review: a row per communication (customer, level, channel, currency,
 * items, what is claimed, interest, fee, total) that opens to its items, with a box to choose
 * it; the items left out grouped by reason, each with the backend's sentence; the money to
 * allocate first; then "Approve selected", "Approve all" and "Execute…" (after a confirmation),
 * and what executing did. An executed letter or email opens as the PDF that was sent.
 */

import { Fragment, useState } from "react";

import * as api from "../api";
import {
  toApiError,
  type ApiError,
  type CommunicationRecord,
  type DunningRunView,
  type ExecutionReport,
} from "../api";
import { routeHref } from "../app/route";
import { DateField } from "../components/DateField";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { todayIso } from "../format/date";
import { isZeroDecimal } from "../format/decimal";
import { useI18n } from "../i18n/context";
import {
  approvable,
  approvedCount,
  channelName,
  consequenceName,
  hasLetter,
  initialSelection,
  leftOutGroups,
  leftOutReasonName,
  runTotals,
} from "../model/collections";
import { LetterActions } from "./LetterActions";

export function RunReview({
  run,
  onChanged,
}: {
  run: DunningRunView;
  /** The run as it is after an approval or the execution. */
  onChanged: (run: DunningRunView) => void;
}) {
  const i18n = useI18n();
  const { t, date, count, money } = i18n;
  const [selected, setSelected] = useState<Set<number>>(() => initialSelection(run));
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [executing, setExecuting] = useState(false);
  const [report, setReport] = useState<ExecutionReport | null>(null);
  const open = approvable(run);
  const totals = runTotals(run.communications);
  const allChosen =
    run.communications.length > 0 && run.communications.every((c) => selected.has(c.id));

  const toggle = (set: Set<number>, id: number) => {
    const next = new Set(set);
    if (next.has(id)) {
      next.delete(id);
    } else {
      next.add(id);
    }
    return next;
  };

  const approve = async (all: boolean) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const answer = await api.approveDunning({
        run: run.id,
        communications: all ? null : [...selected].sort((a, b) => a - b),
      });
      const reloaded = await api.dunningRun({ id: run.id });
      setSelected(initialSelection(reloaded));
      setNotice(answer.message);
      onChanged(reloaded);
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      aria-labelledby="run-heading"
      data-testid="dunning-run"
      data-run={run.id}
      data-state={run.state}
    >
      <h2 id="run-heading">
        {t("dunning.runTitle", { id: run.id, date: date(run.as_of) })}
        <span className="tag" data-testid="run-state">
          {t(`dunning.runState.${run.state}`)}
        </span>
      </h2>
      <p data-testid="run-message">{run.message}</p>
      {notice ? (
        <p className="notice notice-ok" role="status" data-testid="run-notice">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}

      <dl className="facts" data-testid="run-totals">
        <div>
          <dt>{t("dunning.communications")}</dt>
          <dd className="num" data-testid="run-count" data-count={run.communications.length}>
            {count(run.communications.length)}
          </dd>
        </div>
        <div>
          <dt>{t("dunning.leftOutCount")}</dt>
          <dd className="num">{count(run.left_out.length)}</dd>
        </div>
        {totals.map((total) => (
          <div key={total.currency}>
            <dt>{t("dunning.totalIn", { currency: total.currency, count: count(total.count) })}</dt>
            <dd
              className="num"
              data-testid={`run-total-${total.currency}`}
              data-amount={total.total.amount}
              data-claimed={total.claimed.amount}
              data-interest={total.interest.amount}
              data-fee={total.fee.amount}
              data-compensation={total.compensation.amount}
            >
              {money(total.total)}
            </dd>
          </div>
        ))}
      </dl>

      {open && run.communications.length > 0 ? (
        <div className="button-row">
          <button
            type="button"
            disabled={busy || selected.size === 0}
            onClick={() => void approve(false)}
            data-testid="approve-selected"
          >
            {t("dunning.approveSelected", { count: count(selected.size) })}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void approve(true)}
            data-testid="approve-all"
          >
            {t("dunning.approveAll")}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || approvedCount(run) === 0}
            onClick={() => {
              setNotice(null);
              setExecuting(true);
            }}
            aria-describedby="execute-hint"
            data-testid="execute-run"
          >
            {t("dunning.execute")}
          </button>
          <span id="execute-hint" className="hint">
            {approvedCount(run) === 0
              ? t("dunning.executeNeedsApproval")
              : t("dunning.approvedCount", { count: count(approvedCount(run)) })}
          </span>
        </div>
      ) : null}

      {run.communications.length === 0 ? (
        <p data-testid="run-empty">{t("dunning.nothingToSend")}</p>
      ) : (
        <div className="table-scroll">
          <table className="figures" data-testid="run-communications">
            <caption className="visually-hidden">{t("dunning.communications")}</caption>
            <thead>
              <tr>
                <th scope="col" className="check">
                  {open ? (
                    <input
                      type="checkbox"
                      checked={allChosen}
                      onChange={() =>
                        setSelected(
                          allChosen ? new Set() : new Set(run.communications.map((c) => c.id)),
                        )
                      }
                      aria-label={t("dunning.chooseAll")}
                      data-testid="comm-select-all"
                    />
                  ) : null}
                </th>
                <th scope="col">{t("dunning.customer")}</th>
                <th scope="col" className="num">
                  {t("dunning.level")}
                </th>
                <th scope="col">{t("dunning.channel")}</th>
                <th scope="col" className="num">
                  {t("dunning.items")}
                </th>
                <th scope="col" className="num">
                  {t("dunning.claimed")}
                </th>
                <th scope="col" className="num">
                  {t("dunning.interest")}
                </th>
                <th scope="col" className="num">
                  {t("dunning.fee")}
                </th>
                <th scope="col" className="num">
                  {t("dunning.total")}
                </th>
                <th scope="col">{t("dunning.state")}</th>
                {run.state === "executed" ? (
                  <th scope="col">{t("customerDunning.letter")}</th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {run.communications.map((record) => (
                <CommunicationRows
                  key={record.id}
                  record={record}
                  open={open}
                  chosen={selected.has(record.id)}
                  onChoose={() => setSelected((s) => toggle(s, record.id))}
                  expanded={expanded.has(record.id)}
                  onExpand={() => setExpanded((s) => toggle(s, record.id))}
                  letters={run.state === "executed"}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {report ? <ExecutionSummary report={report} /> : null}

      {run.left_out.length > 0 ? (
        <section aria-labelledby="left-out-heading" data-testid="left-out">
          <h3 id="left-out-heading">
            {t("dunning.leftOutTitle", { count: count(run.left_out.length) })}
          </h3>
          {leftOutGroups(run.left_out).map((group) => (
            <details
              key={group.why}
              data-testid={`left-out-${group.why}`}
              data-count={group.lines.length}
            >
              <summary>
                {t("dunning.leftOutGroup", {
                  reason: leftOutReasonName(group.why, i18n),
                  count: count(group.lines.length),
                })}
              </summary>
              <ul className="review-items">
                {group.lines.map((line, i) => (
                  <li key={i}>
                    <a
                      href={routeHref({
                        screen: "customer",
                        reference: line.left_out.customer_reference,
                        tab: "collections",
                      })}
                    >
                      {line.left_out.customer_reference}
                    </a>
                    : {line.message}
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </section>
      ) : null}

      {run.allocation_tasks.length > 0 ? (
        <section aria-labelledby="allocation-heading" data-testid="allocation-tasks">
          <h3 id="allocation-heading">{t("dunning.allocationTasks")}</h3>
          <ul className="review-items">
            {run.allocation_tasks.map((line, i) => (
              <li key={i}>
                {line.message}{" "}
                <a
                  href={routeHref({
                    screen: "payment",
                    customer: line.task.customer_reference,
                    invoice: null,
                  })}
                >
                  {t("dunning.allocateNow")}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {run.problems.length > 0 ? (
        <section aria-labelledby="problems-heading" data-testid="run-problems">
          <h3 id="problems-heading">{t("dunning.problems")}</h3>
          <ul className="review-items">
            {run.problems.map((line, i) => (
              <li key={i}>{line.message}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {executing ? (
        <ExecuteDialog
          run={run}
          onClose={() => setExecuting(false)}
          onExecuted={(done, after) => {
            setExecuting(false);
            setReport(done);
            onChanged(after);
          }}
        />
      ) : null}
    </section>
  );
}

function CommunicationRows({
  record,
  open,
  chosen,
  onChoose,
  expanded,
  onExpand,
  letters,
}: {
  record: CommunicationRecord;
  open: boolean;
  chosen: boolean;
  onChoose: () => void;
  expanded: boolean;
  onExpand: () => void;
  /** The run was executed: a column for each letter's buttons. */
  letters: boolean;
}) {
  const i18n = useI18n();
  const { t, money, date, count } = i18n;
  const c = record.communication;
  const sentBy = record.sent_by ?? c.channel;
  return (
    <Fragment>
      <tr
        data-testid={`comm-${record.id}`}
        data-state={record.state}
        data-customer={c.customer_reference}
        data-level={c.level}
        data-currency={c.currency}
        data-channel={sentBy}
      >
        <td className="check">
          {open && (record.state === "proposed" || record.state === "approved") ? (
            <input
              type="checkbox"
              checked={chosen}
              onChange={onChoose}
              aria-label={t("dunning.choose", { customer: record.customer_name })}
              data-testid={`comm-select-${record.id}`}
            />
          ) : null}
        </td>
        <th scope="row">
          <a
            href={routeHref({
              screen: "customer",
              reference: c.customer_reference,
              tab: "collections",
            })}
          >
            {record.customer_name}
          </a>{" "}
          <span className="muted">({c.customer_reference})</span>
          {c.after_broken_promise ? (
            <span className="tag">{t("dunning.afterBrokenPromise")}</span>
          ) : null}
        </th>
        <td className="num">{c.level}</td>
        <td>
          {channelName(sentBy, i18n)}
          {c.consequences.length > 0 ? (
            <div className="hint">
              {c.consequences.map((k) => consequenceName(k, i18n)).join(", ")}
            </div>
          ) : null}
        </td>
        <td className="num">
          <button
            type="button"
            className="link-button"
            aria-expanded={expanded}
            aria-controls={`comm-items-row-${record.id}`}
            onClick={onExpand}
            data-testid={`comm-items-${record.id}`}
          >
            {t("dunning.itemsCount", { count: count(c.items.length) })}
          </button>
        </td>
        <td className="num">{money(c.claimed_total)}</td>
        <td className="num">{money(c.interest_total)}</td>
        <td className="num">
          {money(c.fee)}
          {c.compensation ? (
            <div className="hint" data-testid={`comm-compensation-${record.id}`}>
              {t("dunning.compensation", { amount: money(c.compensation) })}
            </div>
          ) : null}
        </td>
        <td className="num" data-testid={`comm-total-${record.id}`} data-amount={c.total.amount}>
          <strong>{money(c.total)}</strong>
        </td>
        <td>
          {t(`dunning.commState.${record.state}`)}
          {record.reference ? <div className="nowrap">{record.reference}</div> : null}
          {record.note ? <div className="hint">{record.note}</div> : null}
        </td>
        {letters ? (
          <td className="actions">
            {hasLetter(record) && record.reference ? (
              <LetterActions id={record.id} reference={record.reference} />
            ) : null}
          </td>
        ) : null}
      </tr>
      {expanded ? (
        <tr id={`comm-items-row-${record.id}`} data-testid={`comm-items-row-${record.id}`}>
          <td />
          <td colSpan={letters ? 10 : 9}>
            <table className="figures nested">
              <thead>
                <tr>
                  <th scope="col">{t("dunning.invoice")}</th>
                  <th scope="col">{t("dunning.due")}</th>
                  <th scope="col" className="num">
                    {t("dunning.daysOverdue")}
                  </th>
                  <th scope="col" className="num">
                    {t("dunning.open")}
                  </th>
                  <th scope="col" className="num">
                    {t("dunning.interest")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.items.map((item) => (
                  <tr
                    key={`${item.invoice_number}-${item.seq}`}
                    data-testid={`comm-item-${record.id}-${item.invoice_number}-${item.seq}`}
                  >
                    <th scope="row">
                      <a href={routeHref({ screen: "invoice", number: item.invoice_number })}>
                        {item.invoice_number}
                      </a>
                      {item.seq > 1 ? (
                        <span className="muted"> {t("dunning.instalment", { seq: item.seq })}</span>
                      ) : null}
                    </th>
                    <td>{date(item.due_date)}</td>
                    <td className="num">{count(item.days_overdue)}</td>
                    <td className="num" data-amount={item.claimed.amount}>
                      {money(item.claimed)}
                      {!isZeroDecimal(item.disputed.amount) ? (
                        <div className="hint">
                          {t("dunning.disputedPart", { amount: money(item.disputed) })}
                        </div>
                      ) : null}
                    </td>
                    <td className="num">
                      {item.interest
                        ? t("dunning.interestDays", {
                            amount: money(item.interest.interest),
                            days: count(item.interest.days),
                          })
                        : t("app.none")}
                      {item.compensation ? (
                        <div className="hint">
                          {t("dunning.compensation", { amount: money(item.compensation) })}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

/** Asks before executing: what it does cannot be taken back. */
function ExecuteDialog({
  run,
  onClose,
  onExecuted,
}: {
  run: DunningRunView;
  onClose: () => void;
  onExecuted: (report: ExecutionReport, run: DunningRunView) => void;
}) {
  const { t, count, date } = useI18n();
  const today = todayIso();
  const [on, setOn] = useState(today < run.as_of ? run.as_of : today);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const report = await api.executeDunning({ run: run.id, today: on });
      const after = await api.dunningRun({ id: run.id });
      onExecuted(report, after);
    } catch (raw) {
      setError(toApiError(raw));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t("dunning.executeTitle", { id: run.id })}
      open
      onClose={onClose}
      testId="execute-dialog"
    >
      <p data-testid="execute-question">
        {t("dunning.executeQuestion", {
          count: count(approvedCount(run)),
          date: date(run.as_of),
        })}
      </p>
      <DateField
        id="execute-date"
        label={t("dunning.executedOn")}
        value={on}
        onChange={setOn}
        required
        testId="execute-date"
      />
      {error ? <ErrorNotice error={error} /> : null}
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={busy || on === ""}
          onClick={() => void confirm()}
          data-testid="execute-confirm"
        >
          {t("dunning.executeConfirm")}
        </button>
        <button type="button" onClick={onClose} data-testid="execute-cancel">
          {t("app.cancel")}
        </button>
      </div>
    </Dialog>
  );
}

/** What executing did: each communication sent, the consequences, where to go next. */
function ExecutionSummary({ report }: { report: ExecutionReport }) {
  const i18n = useI18n();
  const { t, count } = i18n;
  const calls = report.executed.filter((line) => line.sent_by === "phone_task");
  const printed = report.executed.filter(
    (line) => line.sent_by === "printed_letter" || line.sent_by === "handover",
  );
  return (
    <section
      aria-labelledby="execution-heading"
      className="notice notice-ok"
      data-testid="execution-report"
    >
      <h3 id="execution-heading">{t("dunning.executionTitle")}</h3>
      <p role="status" data-testid="execution-message">
        {report.message}
      </p>
      <p data-testid="execution-counts">
        {t("dunning.executionCounts", {
          emails: count(report.outbox.length),
          letters: count(printed.length),
          calls: count(calls.length),
        })}
      </p>
      <ul className="review-items">
        {report.executed.map((line) => (
          <li
            key={line.communication_id}
            data-testid={`executed-${line.communication_id}`}
            data-channel={line.sent_by}
          >
            {line.message}
          </li>
        ))}
      </ul>
      {report.consequences.length > 0 ? (
        <>
          <h4>{t("dunning.consequences")}</h4>
          <ul className="review-items" data-testid="execution-consequences">
            {report.consequences.map((line, i) => (
              <li key={i}>
                <strong>{consequenceName(line.applied.consequence, i18n)}</strong>: {line.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="button-row">
        {report.outbox.length > 0 ? (
          <a className="button" href={routeHref({ screen: "outbox" })} data-testid="go-outbox">
            {t("dunning.toOutbox")}
          </a>
        ) : null}
        {report.phone_tasks.length > 0 ? (
          <a
            className="button"
            href={routeHref({ screen: "collections", tab: "calls" })}
            data-testid="go-calls"
          >
            {t("dunning.toCalls")}
          </a>
        ) : null}
      </div>
    </section>
  );
}
