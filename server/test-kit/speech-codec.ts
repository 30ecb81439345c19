/**
 * Words as mu-law audio, for the stand-ins only: the Twilio stand-in "speaks" a caller's sentence as audio
 * bytes, the Realtime stand-in "hears" it (its VAD and transcription), and back the other way. Any byte but
 * 0xFF (mu-law silence) counts as sound, so voice activity detection on these bytes behaves like on speech.
 *
 * Each UTF-8 byte of the text becomes `msPerChar` of audio: a 0x00 marker, then the byte repeated. Decoding
 * reads the byte after each marker, so audio cut anywhere (barge-in, `clear`) still decodes to the words
 * that were actually played.
 */

export const silenceByte = 0xff;
const marker = 0x00;
export const bytesPerMs = 8;

export function encodeSpeech(text: string, msPerChar = 10): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const width = Math.max(2, msPerChar * bytesPerMs);
  const audio = Buffer.alloc(bytes.length * width);
  bytes.forEach((byte, index) => {
    audio[index * width] = marker;
    audio.fill(byte, index * width + 1, (index + 1) * width);
  });
  return audio;
}

export function decodeSpeech(audio: Uint8Array): string {
  const bytes: number[] = [];
  for (let i = 0; i < audio.length; i++) {
    if (audio[i] !== marker) continue;
    const next = audio[i + 1];
    if (next !== undefined && next !== marker && next !== silenceByte) bytes.push(next);
  }
  return Buffer.from(bytes).toString('utf8');
}

export function silence(ms: number): Buffer {
  return Buffer.alloc(ms * bytesPerMs, silenceByte);
}

export function isSilent(audio: Uint8Array): boolean {
  for (let i = 0; i < audio.length; i++) if (audio[i] !== silenceByte) return false;
  return true;
}
