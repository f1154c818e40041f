/** A lead as the plan names it: a person ("DCI Wenham") or a group ("LSCB's", "Pan Cheshire Group"). */
export interface Lead {
  /** Normalised display name: "Louise West", "Pan Cheshire Group". */
  name: string;
  kind: 'person' | 'group';
  /** What stood in brackets or beside the name: "police comms", "PCSG", "CP Training and Development". */
  role: string | null;
}
