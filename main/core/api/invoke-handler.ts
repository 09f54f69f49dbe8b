// The one path every call takes from a transport (IPC, HTTP) into a handler:
// validate the input against the contract, run the handler, turn anything it
// throws into an `internal` error value, and check the answer against the
// output schema so a handler bug shows up as an error, not as bad data in the window.
import { z } from 'zod';
import { CONTRACT, err, type CallName, type ContractHandlers, type Result } from '../../../shared/contract';

export type CallErrorReporter = (call: CallName, error: unknown) => void;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export async function invokeHandler(
  handlers: ContractHandlers,
  call: CallName,
  rawInput: unknown,
  report: CallErrorReporter = () => {},
): Promise<Result<unknown>> {
  const spec = CONTRACT[call];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) return err('invalid_input', describeIssues(parsed.error));
  let answer: Result<unknown>;
  try {
    const handler = handlers[call] as (input: unknown) => Promise<Result<unknown>> | Result<unknown>;
    answer = await handler(parsed.data);
  } catch (e) {
    report(call, e);
    return err('internal', `${call} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (answer === null || typeof answer !== 'object' || typeof answer.ok !== 'boolean') {
    report(call, new Error('handler returned something that is not a Result'));
    return err('internal', `${call} returned no result`);
  }
  if (!answer.ok) return answer;
  const out = spec.output.safeParse(answer.value);
  if (!out.success) {
    report(call, out.error);
    return err('internal', `${call} produced an invalid answer: ${describeIssues(out.error)}`);
  }
  return { ok: true, value: out.data };
}
