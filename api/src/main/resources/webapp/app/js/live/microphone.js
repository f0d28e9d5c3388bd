// The microphone: permission, the recorder's container, and errors a person can act on.

/** Containers MediaRecorder may give, in order of preference (SPEC §6: WebM/Opus, Ogg/Opus, MP4/AAC). */
const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4'];

export class MicrophoneError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

export function recorderType() {
  if (typeof MediaRecorder === 'undefined') return null;
  return TYPES.find(type => MediaRecorder.isTypeSupported(type)) || '';
}

/** Opens the microphone; throws MicrophoneError with kind 'insecure', 'unsupported', 'denied', 'none', 'busy' or 'failed'. */
export async function openMicrophone() {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    throw new MicrophoneError('insecure',
      'This browser only lets secure pages use the microphone: open the app over https, or on http://localhost.');
  }
  if (recorderType() === null) {
    throw new MicrophoneError('unsupported', 'This browser cannot record audio (no MediaRecorder). Try a current Chrome, Firefox or Safari.');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
  } catch (error) {
    switch (error.name) {
      case 'NotAllowedError':
      case 'SecurityError':
        throw new MicrophoneError('denied',
          'Microphone access was denied. Allow the microphone for this site (the icon in the address bar, or the browser\'s site settings), then press Start again.');
      case 'NotFoundError':
      case 'OverconstrainedError':
        throw new MicrophoneError('none', 'No microphone was found. Connect one (or enable it in the system settings), then press Start again.');
      case 'NotReadableError':
      case 'AbortError':
        throw new MicrophoneError('busy', 'The microphone could not be started: another application may be using it. Close it and try again.');
      default:
        throw new MicrophoneError('failed', `The microphone could not be opened: ${error.message || error.name}.`);
    }
  }
}
