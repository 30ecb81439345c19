/**
 * The Realtime stand-in of `npm run bench:relay`, in its own process so that the callers' side and the
 * model's side do not share (and skew) one event loop. The agent talks without pause: 20 ms of stamped
 * audio every 20 ms per call, until told to stop. Talks to the benchmark over IPC.
 */
import { startRealtimeStandin } from '../test-kit/realtime-standin.js';
import { stamped, Tally } from './latency.js';

const inbound = new Tally();
const outboundSent = new Map<number, number>();
let streaming = true;

const openai = await startRealtimeStandin({
  vad: false,
  record: false,
  onAppend(audio) {
    if (audio.length >= 16) inbound.arrived(audio.readUInt32BE(12), audio.readBigUInt64BE(0));
  },
  scenario: {
    respond: () => [
      {
        stream: {
          frames: 1e9,
          frameMs: 20,
          stopped: () => !streaming,
          payload(index, connection) {
            outboundSent.set(connection.id, (outboundSent.get(connection.id) ?? 0) + 1);
            return stamped(connection.id, index);
          },
        },
      },
    ],
  },
});

process.on('message', (message: { type: string; on?: boolean }) => {
  switch (message.type) {
    case 'measure':
      inbound.measuring = message.on === true;
      return;
    case 'quiet':
      streaming = false;
      return;
    case 'report':
      process.send?.({
        type: 'report',
        connections: openai.connections.length,
        inbound: inbound.summary(),
        inboundReceived: Object.fromEntries(inbound.counts),
        outboundSent: Object.fromEntries(outboundSent),
      });
      return;
    case 'exit':
      void openai.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', realtimeUrl: openai.realtimeUrl, baseUrl: openai.baseUrl, apiKey: openai.apiKey });
