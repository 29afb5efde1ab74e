import { startEmulator } from '../emulator';
import { EMULATOR_USAGE, parseEmulatorFlags } from '../emulator/cliFlags';

async function main(): Promise<void> {
  const parsed = parseEmulatorFlags(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(`${EMULATOR_USAGE}\n`);
      return;
    }
    process.stderr.write(`${parsed.error}\n${EMULATOR_USAGE}\n`);
    process.exit(2);
  }
  let emulator;
  try {
    emulator = await startEmulator(parsed.options);
  } catch (err) {
    const message = (err as Error).message;
    const badOption = message.startsWith('Emulator option') || message.startsWith('Invalid detail field');
    process.stderr.write(`${message}\n`);
    process.exit(badOption ? 2 : 1);
  }
  process.stdout.write(`CSM emulator listening on ${emulator.url}\n`);

  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`CSM emulator did not close cleanly: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
