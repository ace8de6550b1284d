import { createContext, useContext, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import type { CaseStatus, CaseSummary } from '../../../../electron/contract';

export interface CaseFilters {
  /** The main box: case number, id number, mobile or name, recognised by the core. */
  text: string;
  caseNumber: string;
  applicantName: string;
  idNumber: string;
  mobile: string;
  /** The chosen item, with its name so the select can show it again without a lookup. */
  item: { value: string; label: string } | null;
  statuses: CaseStatus[];
  fromDate: string | null;
  toDate: string | null;
}

export const EMPTY_FILTERS: CaseFilters = {
  text: '',
  caseNumber: '',
  applicantName: '',
  idNumber: '',
  mobile: '',
  item: null,
  statuses: [],
  fromDate: null,
  toDate: null,
};

export function hasFilters(f: CaseFilters): boolean {
  return (
    [f.text, f.caseNumber, f.applicantName, f.idNumber, f.mobile].some((v) => v.trim() !== '') ||
    f.item !== null ||
    f.statuses.length > 0 ||
    f.fromDate !== null ||
    f.toDate !== null
  );
}

export interface CaseListState {
  filters: CaseFilters;
  moreOpen: boolean;
  rows: CaseSummary[];
  nextCursor: string | null;
  selectedId: string | null;
  /** False until the first search answered: then the page searches instead of showing the cache. */
  loaded: boolean;
  /** Where the list was scrolled, so coming back from a case lands on the same row. */
  scrollTop: number;
}

const INITIAL: CaseListState = {
  filters: EMPTY_FILTERS,
  moreOpen: false,
  rows: [],
  nextCursor: null,
  selectedId: null,
  loaded: false,
  scrollTop: 0,
};

const CaseListStateContext = createContext<[CaseListState, Dispatch<SetStateAction<CaseListState>>] | null>(null);

/**
 * Keeps the list (filters, loaded pages, selected row) while the clerk opens a case and comes
 * back, so three pages of 加载更多 and a selection are not lost to one look at a case. Lives in
 * the frame, so signing out forgets it.
 */
export function CaseListStateProvider({ children }: { children: ReactNode }) {
  const state = useState<CaseListState>(INITIAL);
  return <CaseListStateContext.Provider value={state}>{children}</CaseListStateContext.Provider>;
}

export function useCaseListState(): [CaseListState, Dispatch<SetStateAction<CaseListState>>] {
  const value = useContext(CaseListStateContext);
  if (!value) throw new Error('CaseListStateProvider missing');
  return value;
}
