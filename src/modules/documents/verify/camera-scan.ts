/**
 * Reads QR codes from the phone's camera (the rear one where there is a choice) in the browser:
 * frame after frame, one decode at a time, until one is read or the scan is stopped.
 */

/** A QR decoder: the text of the first valid code in a picture, or undefined. */
export type Decoder = (input: Blob | ImageData) => Promise<string | undefined>;

export interface CameraScanner {
  /** Opens the camera and resolves with the first code read, or undefined once stopped; rejects if the camera cannot be opened. */
  start(): Promise<string | undefined>;
  stop(): void;
}

const FRAME_GAP_MS = 150;

export function cameraScanner(video: HTMLVideoElement, decode: Decoder): CameraScanner {
  let stream: MediaStream | undefined;
  let finish: ((text: string | undefined) => void) | undefined;
  const canvas = document.createElement('canvas');

  const stop = () => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
    video.srcObject = null;
    const done = finish;
    finish = undefined;
    done?.(undefined);
  };

  async function readFrame(): Promise<string | undefined> {
    if (video.readyState < 2 || video.videoWidth === 0) return undefined;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return undefined;
    context.drawImage(video, 0, 0);
    return decode(context.getImageData(0, 0, canvas.width, canvas.height)).catch(() => undefined);
  }

  async function start(): Promise<string | undefined> {
    stop();
    const mine = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' } },
      audio: false,
    });
    stream = mine;
    video.srcObject = mine;
    await video.play();
    return new Promise((resolve) => {
      finish = resolve;
      const next = async () => {
        if (stream !== mine) return;
        const text = await readFrame();
        if (stream !== mine) return;
        if (text === undefined) {
          setTimeout(() => void next(), FRAME_GAP_MS);
          return;
        }
        finish = undefined;
        stop();
        resolve(text);
      };
      void next();
    });
  }

  return { start, stop };
}
