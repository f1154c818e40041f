import type { ListKey } from './list-schema.js';

/**
 * The views managers use, made with SharePoint's REST endpoint because Graph has none
 * (Lists and list items REST API reference: ViewCollection POST {'__metadata': {'type': 'SP.View'},
 * 'Title', 'PersonalView', 'ViewQuery'}, then ViewFieldCollection AddViewField for its columns).
 * ViewQuery is CAML (CamlQueryRoot, [MS-WSSCAML]): <Where>, <OrderBy>, <GroupBy>; [Me] is the
 * <UserID/> element compared with a person column (UserID element, CAML view schema).
 */
export interface ViewSpec {
  list: ListKey;
  title: string;
  viewQuery: string;
  fields: readonly string[];
  rowLimit: number;
}

const ACTION_FIELDS = ['Ref', 'LinkTitle', 'LeadsText', 'Timescale', 'DueDate', 'Rag', 'LastUpdated'] as const;

export const PLAN_VIEWS: readonly ViewSpec[] = [
  {
    list: 'actions',
    title: 'By lead',
    // SharePoint cannot group by a multi-value Person column, so the leads as written group the view.
    viewQuery: '<GroupBy Collapse="FALSE" GroupLimit="100"><FieldRef Name="LeadsText" /></GroupBy><OrderBy><FieldRef Name="PlanOrder" /></OrderBy>',
    fields: ACTION_FIELDS,
    rowLimit: 100,
  },
  {
    list: 'actions',
    title: 'Overdue',
    viewQuery:
      '<Where><And><Lt><FieldRef Name="DueDate" /><Value Type="DateTime"><Today /></Value></Lt><Neq><FieldRef Name="Rag" /><Value Type="Choice">Complete</Value></Neq></And></Where><OrderBy><FieldRef Name="DueDate" /></OrderBy>',
    fields: ACTION_FIELDS,
    rowLimit: 100,
  },
  {
    list: 'actions',
    title: 'Red and amber',
    viewQuery:
      '<Where><Or><Eq><FieldRef Name="Rag" /><Value Type="Choice">Red</Value></Eq><Eq><FieldRef Name="Rag" /><Value Type="Choice">Amber</Value></Eq></Or></Where><OrderBy><FieldRef Name="Rag" /><FieldRef Name="PlanOrder" /></OrderBy>',
    fields: ACTION_FIELDS,
    rowLimit: 100,
  },
  {
    list: 'actions',
    title: 'My actions',
    viewQuery: '<Where><Eq><FieldRef Name="Leads" /><Value Type="Integer"><UserID Type="Integer" /></Value></Eq></Where><OrderBy><FieldRef Name="DueDate" /></OrderBy>',
    fields: ACTION_FIELDS,
    rowLimit: 100,
  },
  {
    list: 'updates',
    title: 'Recent updates',
    viewQuery: '<OrderBy><FieldRef Name="UpdateDate" Ascending="FALSE" /><FieldRef Name="ID" Ascending="FALSE" /></OrderBy>',
    fields: ['Ref', 'UpdateDate', 'AuthorName', 'Text', 'RagAfter', 'Origin'],
    rowLimit: 100,
  },
  {
    list: 'history',
    title: 'Recent changes',
    viewQuery: '<OrderBy><FieldRef Name="HistoryDate" Ascending="FALSE" /><FieldRef Name="ID" Ascending="FALSE" /></OrderBy>',
    fields: ['Ref', 'HistoryDate', 'Kind', 'Changes', 'Note', 'AuthorName', 'Origin'],
    rowLimit: 100,
  },
];
