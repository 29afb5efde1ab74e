import React, { useState } from 'react';
import ForgeReconciler, { Button, Text, useProductContext } from '@forge/react';
import { invoke } from '@forge/bridge';

/** A tiny UI Kit page: shows the product context and asks the backend who the user is. */
function App() {
  const context = useProductContext();
  const [accountId, setAccountId] = useState<string>();
  const [problem, setProblem] = useState<string>();
  return (
    <>
      <Text>Module: {context?.moduleKey ?? 'loading'}</Text>
      <Button
        onClick={async () => {
          const who = (await invoke('whoAmI')) as { accountId: string };
          setAccountId(who.accountId);
        }}
      >
        Who am I
      </Button>
      <Button
        onClick={async () => {
          try {
            await invoke('boom');
          } catch (err) {
            setProblem((err as Error).message);
          }
        }}
      >
        Fail
      </Button>
      {accountId ? <Text>Account: {accountId}</Text> : null}
      {problem ? <Text>Problem: {problem}</Text> : null}
    </>
  );
}

export function renderApp(): void {
  ForgeReconciler.render(
    <React.StrictMode>
      <App />
    </React.StrictMode>,
  );
}
