// The input level, from a Web Audio AnalyserNode on the microphone's stream: RMS of the last
// ~40 ms as 0..1 over a -60..0 dBFS scale, ten times a second (a timer, not animation frames,
// so it keeps going in a background tab).
export function levelMeter(stream, onLevel) {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const rms = Math.sqrt(sum / samples.length);
    const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
    onLevel(Math.max(0, Math.min(1, (db + 60) / 60)), db);
  }, 100);
  return {
    close() {
      clearInterval(timer);
      source.disconnect();
      context.close();
    },
  };
}
