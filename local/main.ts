import { startHost } from './host';

/** `npm start`: the local host on PORT (default 8080) with demo data. */
async function main() {
  const port = Number(process.env.PORT ?? 8080);
  const host = await startHost({ port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(`Portal Access local host: ${host.url}${host.platform === 'strict' ? ' (PLATFORM=strict: no client address, no cookies, string bodies, generic KVS conflict codes)' : ''}`);
  console.log(`  help center ${host.url}/help-center · mailbox ${host.url}/mail · demo data ${host.url}/local/api/demo`);
  for (const site of Object.values(host.sites).filter((s) => s.url !== host.url)) console.log(`  second site: ${site.def.name} ${site.url}/ (help center ${site.url}/help-center)`);
  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  const onSignal = () =>
    void stop().catch((error) => {
      console.error(error);
      process.exit(1);
    });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
