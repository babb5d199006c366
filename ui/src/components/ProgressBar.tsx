/** A determinate progress bar with its value for assistive technology. */

export function ProgressBar({
  percent,
  label,
  text,
  testId,
}: {
  percent: number;
  label: string;
  text: string;
  testId: string;
}) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="progress">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={text}
        className="progress-track"
        data-testid={testId}
      >
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <p className="progress-text" aria-hidden="true">
        {text}
      </p>
    </div>
  );
}
