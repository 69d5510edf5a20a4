// Figures as people read them. Money arrives as whole đồng in digit strings and never passes
// through a float: grouping is done on the digits, sums with BigInt.

const TIME_ZONE = "Asia/Ho_Chi_Minh";

/** "1234567" → "1.234.567 đ"; "-300000000" → "-300.000.000 đ". */
export function formatVnd(digits) {
  if (digits === null || digits === undefined) return "—";
  const text = String(digits);
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  return `${negative ? "-" : ""}${groupDigits(body)} đ`;
}

/** Groups of three with a dot, the Vietnamese way. */
export function groupDigits(digits) {
  return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

export function formatCount(value) {
  return value === null || value === undefined ? "—" : groupDigits(String(value));
}

/** A rate as the API gives it (a fraction, four decimals) → "64,09 %" ("64.09 %" in English). */
export function formatRate(rate, lang = "vi") {
  if (rate === null || rate === undefined) return "—";
  const percent = (Math.round(rate * 10000) / 100).toFixed(2);
  return `${lang === "vi" ? percent.replace(".", ",") : percent} %`;
}

export function sumVnd(values) {
  return values.reduce((total, value) => total + BigInt(value), 0n).toString();
}

/** Share of a in b as a fraction for drawing only (bars), never for a figure shown. */
export function share(part, whole) {
  const w = BigInt(whole);
  if (w === 0n) return 0;
  return Number((BigInt(part) * 10000n) / w) / 10000;
}

/** "2024-06-30" → "30/06/2024". */
export function formatDate(isoDate) {
  if (!isoDate) return "—";
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

const DATE_TIME = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const DAY = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** A recorded moment in Vietnam's time: "15/07/2021 10:00". */
export function formatDateTime(isoMoment) {
  if (!isoMoment) return "—";
  const parts = Object.fromEntries(
    DATE_TIME.formatToParts(new Date(isoMoment)).map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

export function formatDay(isoMoment) {
  return DAY.format(new Date(isoMoment));
}

/** A `datetime-local` value, read as Vietnam's time, as the API's DateTime. */
export function localInputToMoment(value) {
  if (!value) return null;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return `${withSeconds}+07:00`;
}

/** The API's DateTime → a `datetime-local` value in Vietnam's time. */
export function momentToLocalInput(moment) {
  if (!moment) return "";
  const shifted = new Date(new Date(moment).getTime() + 7 * 3600 * 1000);
  return shifted.toISOString().slice(0, 16);
}
