import { formatCountdown } from '../format/intl-format';
import { useNow } from './use-now';

export function Countdown({ at }: { at: number }) {
  const now = useNow();
  return (
    <time dateTime={new Date(at).toISOString()} className="countdown">
      {formatCountdown(at, now)}
    </time>
  );
}
