// Where the phone is: the browser's geolocation (GPS, WGS84: the API takes it as crs WGS84). A refusal
// is answered with what the vendor can do instead, never a bare error code.

export type Lnglat = [number, number];

export class LocateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocateError';
  }
}

const REFUSED = '未获准使用位置。请在浏览器或系统设置中允许本页使用位置，或在地图上点选您的位置。'
  + ' / Location permission was refused: allow it in the browser or phone settings, or tap the map to set your point.';

function words(e: GeolocationPositionError): string {
  switch (e.code) {
    case e.PERMISSION_DENIED:
      return REFUSED;
    case e.POSITION_UNAVAILABLE:
      return '暂时无法确定位置（到室外或打开 GPS 再试），也可在地图上点选。 / Your position is not available now (try outdoors or turn on GPS), or tap the map.';
    case e.TIMEOUT:
      return '定位超时，请再试一次，或在地图上点选。 / Locating took too long: try again, or tap the map.';
    default:
      return `定位失败 / locating failed: ${e.message}`;
  }
}

/** The phone's position, or a LocateError whose message says why not and what to do. */
export function locate(): Promise<{ point: Lnglat; accuracyM: number }> {
  if (!window.isSecureContext) {
    return Promise.reject(new LocateError('浏览器只在 HTTPS 页面上提供定位，请在地图上点选您的位置。 / Browsers locate only on HTTPS pages: tap the map to set your point.'));
  }
  if (!('geolocation' in navigator)) {
    return Promise.reject(new LocateError('此浏览器不支持定位，请在地图上点选您的位置。 / This browser cannot locate you: tap the map to set your point.'));
  }
  return new Promise((resolve, reject) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ point: [p.coords.longitude, p.coords.latitude], accuracyM: p.coords.accuracy }),
      (e) => reject(new LocateError(words(e))),
      // A check-in is judged within metres of the spot: ask for GPS, and accept a fix at most 30 s old.
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  });
}

export const pointGeo = (p: Lnglat) => ({ type: 'Point', coordinates: p });

export function pointWords(p: Lnglat): string {
  return `${p[1].toFixed(5)}°N, ${p[0].toFixed(5)}°E`;
}
