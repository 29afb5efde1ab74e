/**
 * `npm start`: the offline playground. The app's real admin page in a browser, against an embedded CSM
 * emulator, with the app's handlers, queue consumer and scheduled triggers running in the local runtime.
 */
import { parsePlaygroundFlags, PLAYGROUND_USAGE } from '../playground/options';
import { startPlayground } from '../playground/server';
import { APP_ROOT } from './session';

async function main(): Promise<void> {
  const flags = parsePlaygroundFlags(process.argv.slice(2));
  if (!flags.ok) {
    if (flags.help) {
      console.log(PLAYGROUND_USAGE);
      process.exit(0);
    }
    console.error(`${flags.error}\n${PLAYGROUND_USAGE}`);
    process.exit(2);
  }
  const playground = await startPlayground({ appRoot: APP_ROOT, ...flags.options });
  console.log(`Playground at ${playground.url} (Ctrl-C stops it)`);
  const stop = () => {
    playground.close().then(
      () => process.exit(0),
      () => process.exit(3),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`The playground could not start: ${error.message}`);
  process.exit(3);
});
