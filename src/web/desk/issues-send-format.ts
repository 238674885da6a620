/** How the Send panel writes numbers and times. */

/** 1,234 */
export const count = (x: number) => x.toLocaleString("en-US");

/** "2024-05-01 09:00 UTC" from an ISO time. */
export const utc = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;
