/** Who is speaking when this PC records something: the hall and the window. */
export interface WindowIdentity {
  hallCode: string;
  hallName: string;
  windowNumber: number;
  timeZone: string;
}
