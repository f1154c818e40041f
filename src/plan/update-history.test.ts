import { describe, expect, it } from 'vitest';
import type { TimescaleContext } from './timescale.js';
import { splitUpdateHistory } from './update-history.js';
import type { UpdateEntry } from './update.js';

/** Updates / Comment cells of the Cheshire plan, as paragraphs, rows cut by page breaks joined back. */
const CHESHIRE = {
  '1.2': [
    "Identified services already in place, include, RASASC and NSPCC, although these cover different ages. The Pan Cheshire Group to identify what services are available. This will be clarified through the SPPU linking in with the CJU. Each sub group to map out their own services to clarify any locally delivered services that are available. (Agreed & Updated PCSG 10/02/13)",
    "Update 15/05/2013 – the sub groups to clarify their position by the next meeting July 2013.",
  ],
  '1.3': [
    "It is expected that this can be achieved through adopting a Thematic review of CSE cases through the LSCB, Q A sub groups (Agreed & Updated PCSG 10/02/13)",
    "Police are developing a Quality Assurance Framework for PPU's. DCI Wenham to include CSE cases within this framework (Agreed & Updated PCSG 10/02/13)",
    "Update 15/05/2013 – Police SPPU have implemented a QA audit process, the first phase of case audits has commenced for Q1 2013/14. These are focused on Child Protection cases, not specifically CSE.",
    "The next phase will include MFH and CSE. This will not start until July 2013.",
    "Each of the sub groups needs to clarify their positions relating to intended CSE QA Audits for the coming year. To further update their position for the next meeting July 2013.",
  ],
  '1.4': [
    "The warning signs are included in the Pan Cheshire Procedures.",
    "They are also included in Cheshire Police procedures.",
    "This is also included as part of the joint agency and single agency training that is being delivered during 2013.",
    "The issue of ensuring they understand and use the check list can be assessed as part of 1.3 (Quality Assurance Case Reviews)",
    "(Agreed & Updated PCSG 10/02/13)",
    "Update 15/05/2013 – Action raised and to be included as part of the Communications Action plan, for the four sub groups to progress with implementing the publication of",
    "1. One minute guides 2. ZIP cards for all professionals",
    "There was a broad agreement; we should strive to produce these on a pan Cheshire model. DI Lonsdale is leading on these issues, target date for the One",
    "minute guide to be published on all LSCB website by mid June will supporting implementation plan and ZIP card to be developed by mid June.",
    "A wider communication strategy is being developed and a supporting action plan. This will deal with a wide range of issues relating to raising awareness and knowledge to the public and across all agencies. This will be reviewed at the next meeting, possibly July 2013.",
  ],
  '1.5': [
    "This action is effectively a duplicate of ACPO action 1.1. It has been included to ensure the OCC's actions are reflected as part of the overall activity.",
    "Pan Cheshire protocol has been completed and agreed by all LSCB's. This has now been shared and agreed as a Pan Cheshire Merseyside protocol (Jan 2013)",
    "(Updated PCSG 10/02/13)",
    "Update 15/05/2013 – there is a plan to launch this at an event on 28th June, attended and supported by the LSCB's across Cheshire and Merseyside.",
    "The full details and timetable for this",
    "event has yet to be published. This will be supported by membership of the group.",
  ],
  '1.6': [
    "DCI Wenham to speak with Claire Lindley (CPS) (Updated PCSG 10/02/13) Update 15/05/2013 - DCI Wenham, nominated Cheshire CPS CSE lead is, Caroline Ross 0151 777 8764 Caroline.Ross@cps.gsi.gov.uk",
  ],
  '2.1': [
    "Pan Cheshire Strategy has been completed and agreed by all LSCB's. This has now been shared and agreed as a Pan Cheshire Merseyside protocol (Jan 2013)",
    "(Updated PCSG 10/02/13)",
    "Update 15/05/2013 - DCI Wenham",
    "This action needs reviewing at the next meeting in July, I believe we need to continue to develop our intelligence capability to inform a detailed risk assessment locally of the extent and nature of CSE. Status of this action changed to Amber",
  ],
  '2.2': [
    "This action has been included to ensure it is captured as one of the recommendations from the OCC report.",
    "The issue of using the self assessment tool was discussed by the PSCG at the last meeting. It was agreed that the tool is not fit for their purpose and the group agreed NOT to use it.",
    "Unless further information comes to light to suggest a review of this",
    "decision, this action will be shown as Green/closed.",
  ],
  '3.1': [
    "Cheshire Police are delivering single agency training commencing April 2013.",
    "Training has already been delivered to over 300 officers in Warrington and Halton.",
    "(Updated PCSG 10/02/13)",
    "Update 15/05/2013 - DCI Wenham,",
    "In terms of the current training, this has been a phased approach which has been hampered by several other training demands but in general terms the basic awareness has been developed between the Local Safeguarding Boards and the Police, this is so we all send out a corporate message. The Police training has initially focused on frontline officers, this has been delivered through the area training days, as you can appreciate this",
    "is a 5 week cycle so commitment to deliver is quite considerable. When this is completed or demand allows, our focus was to revert to HQ and Control Room staff, this is a programme that all officers and staff must complete.",
    "The training package is corporate in its approach as such any training to HQ or control room will reflect the corporate content.",
    "In terms of the PPU's, they will not be developing their own training for Intel, any training delivered will be taken from the corporate package and will reflect the necessary information that department requires - DS Reid is monitoring this and will be encouraging this to happen.",
    "In terms of FIB/Intelligence, we need to address the awareness of CSE as it is anticipated that there will be a significant growth in the information and intelligence coming into the force, particularly now",
    "officers and partner agencies have been trained. DS Reid will try and arrange a brief meeting shortly with FIB to develop and agree what training they need above that of the corporate package.",
    "FUTHER WORK - We need to scope the extent of the training delivered across our partners and agencies, to be taken o next meeting July",
  ],
  '6.1': [
    "The groups discussed this issue at the meeting 10/02/13, it was agreed that the current membership appeared appropriate to drive forward the activity with focus and direction. It ensured",
    "effective and clear links with the LSCB sub groups.",
    "DCI Wenham to report this issue to the next round of LSCB meetings for comment.",
    "A task and finish group is to be established, membership of this group to be fully agreed.",
    "(Updated PCSG 10/02/13)",
    "Update 15/05/2013 - DCI Wenham, this was further discussed at meeting 15/05/2013, it was agreed that the full list of attendees was appropriate but there should also be nominated deputies to ensure suitable attendance to drive forward this groups business. This is being taken forward by DCI Wenham and will be reviewed at the next meeting.",
  ],
} as const satisfies Record<string, readonly string[]>;
/** Progress cells of the Gloucestershire plan, as paragraphs, rows cut by page breaks joined back. */
const GLOS = {
  '1.4': [
    "July 2016 - 8th July at Hatherley Manor; boys play ('Crashing') performed; over 200 people attended. Oct 17 – CSE conference held 3rd Oct 17",
  ],
  '1.5': [
    "Play 'In the net' and 'Crashing' - a new play for boys; Gloucestershire Voices DVD engaging YP with SEN around cyber safety; PCC 'Friend Request' film; Jan 17 – Inclusion Gloucestershire commissioned to develop specific DVD for YP with Learning Disability about",
    "internet safety and grooming June 17 - Above DVD launched earlier this year. To be used as a tool at schools",
  ],
  '1.7': [
    "Meeting with Licensing committee 20/5/16 about making safeguarding training a condition of licensing Harm reduction – letter to be sent to all local hotels alerting to signs of CSE Nigel Hatten has since provided a training day to Premier Inn. Similar days planned to be rolled out to other hotel chains (awaiting dates) Paper going to Cabinet (July) to propose training becomes a condition of licensing. Social care to deliver first training, then licence renewals can access wider GSCB training. Training sessions have been agreed with the licensing officers and a rolling programme is due to be delivered in January 2017 June 17 – Training of all taxi drivers ongoing Oct 17 – Taxi driver training is ending in November, 2 mop up sessions will be held in December taking the total number trained to about 1,560. See actions 1.17 and 1.18 to see how this is being taken forward in the future.",
  ],
  '1.8': [
    "Identified need for more creative/innovative engagement ideas. E.g. use Facebook to target via age and ethnicity, link to service providers within communities. Consider travellers and think place-based e.g. Roots Café",
    "Kingsholm, network of community centres",
    "Outreach worker and PC to meet in the new year to arrange awareness raising within seldom heard communities. Proposal to be developed by JK by end of Feb 2017",
    "Gloucestershire Young Carers staff have completed all relevant CSE training and are fully engaged in identifying potential risks around CSE for vulnerable young carers; staff aware of referral pathways",
  ],
  '1.13': [
    "Initial discussion with Safeguarding Nurse (Annette Blackstock) planned for 2017 Oct 17 – LW/JP presented to GP Forum",
  ],
  '1.14': [
    "Working with Adult Safeguarding Unit and Adult Social Care to develop relationship and investigate pathway for transitions of young adults over 18; Initial meeting has taken place with representatives from adults and",
    "children's services. Protocol agreed, to be drafted with comments to this group. Leads identified. June 17 - steering group established. ToR agreed. 2 examples being brought to next meeting for discussion Oct 17 – 2 case studies considered. Agreed further meetings will take place to consider further case studies.",
  ],
  '1.16': [
    "Initial meeting with Tracy Clark and Louise West has taken place to explore provider knowledge, how we can support third sector providers, and how provider organisations can help inform CSE work. Tracy attends the subgroup but as it is an already large group, the establishment of a third sector provider network meeting might be a preferred option. Tracy has agreed to start preparing a short questionnaire for providers. LW to coordinate with Jane Price. June 17 - First forum meeting held. Action plan to be agreed Aug 17 – Training session planned for Nov 17. Content; CSE Screening Tool and Process with the goal of training the trainer to become the norm. Oct 17 - Alana Greenway to contact Tracy Clark (YG) to raise awareness of all youth programmes funded through the police commission",
  ],
  '2.5': [
    "Specific meeting to be arranged",
    "All get CSE training and bespoke Chelsea's Choice; InfoBuzz have identified leads attached to each Alternative Provision Schools",
    "Jan 17 – Barry Jones has contacted the heads of the APS (previously PRUs) and asked them if they needed updated training on CSE. They will get back directly to Jane Price if needed. They all have designated Safeguarding Leads. They all work with INFObuzz.",
    "Aug 17 – Jane has spoken with all the leads; one has booked on the CSE awareness training, one is looking to book on and the other is going to check whether staff have undergone training and report back.",
    "Oct 17 – Inspections ongoing and concerns highlighted regarding knowledge of CSE – being picked up through safeguarding work",
  ],
  '3.3': [
    "Protocol was adopted in July 16. It will form part of the team PDR and regular supervisory reviews will ensure that it is followed. Implementation is ongoing Aug 17 - This is now force policy and this benchmark for",
    "all CSE investigations is used as a supervisory and audit tool.",
  ],
  '3.4': [
    "Jan 2017 - New Sexting Guidance 2016 shared with Police Cyber Crime team and disseminated to all CEOP trained PCSOs/CSE team.",
    "Analyst to capture details re: investigations to enhance Intelligence Development, especially around sites visited and potential early identification of victim to safeguard and Suspects to proactively identify.",
  ],
  '3.7': [
    "Initial draft completed.",
    "Final version distributed for signatures 19/07/17",
  ],
  '4.1': [
    "Nov 2016 - Work initiated with Young Gloucestershire to develop voluntary sector network to feed into the GSCB Missing and CSE Subgroup; event planned with key stakeholders to map provision June 17 – First forum meeting held in June Feb 18 - This action has been delayed pending a wider discussion around CSE and the voluntary sector",
  ],
  '4.2': [
    "Screening tool revised; referral pathway reviewed and amended; next meeting due February 2017. June 17 – Due to meeting being postponed in Feb this is now currently being updated",
  ],
  '4.4': [
    "Meetings between GCC commissioner and Police Commissioner to plan future arrangements; Jan 17 – LW and KF to attend National CSE Commissioners' Workshop June 17 - Review was put on hold pending Ofsted outcomes although discussions continue Feb 18 – CSE Review completed due to be presented to SLT with recommendations end of Feb",
  ],
  '5.1': [
    "Identified police analyst receives CSE data spreadsheet from CSE team. John James coordinating missing and CSE data; Charlotte Charles supporting; working to create a shared template for Missing data, as identified in the 'Missing' action plan Oct 17",
  ],
  '5.5': [
    "Jan 17 - Review with Police Commission has started June 17 - likely to be put on hold Feb 18 - Decision on who will complete this yet to be confirmed therefore progress is delayed at this point",
  ],
} as const satisfies Record<string, readonly string[]>;

const cheshire: TimescaleContext = { planYears: [2012, 2013, 2014, 2103] };
const glos: TimescaleContext = { planYears: [2016, 2017, 2018] };
const noYears: TimescaleContext = { planYears: [] };

const closing = (text: string, date = '2013-02-10', author: string | null = 'PCSG'): UpdateEntry => ({ date, dateSource: 'closing-note', author, text });
const stated = (date: string, text: string, author: string | null = null): UpdateEntry => ({ date, dateSource: 'stated', author, text });
const inText = (date: string, text: string): UpdateEntry => ({ date, dateSource: 'in-text', author: null, text });
const undated = (text: string): UpdateEntry => ({ date: null, dateSource: 'none', author: null, text });

/** Where an entry's text starts and ends, for the long cells. */
const shape = (entries: readonly UpdateEntry[]) => entries.map((e) => ({ date: e.date, dateSource: e.dateSource, author: e.author, starts: e.text.slice(0, 24) }));

const words = (texts: readonly string[]): string[] => texts.join(' ').split(/\s+/).filter(Boolean);

describe('update history', () => {
  describe('closing notes: "(Updated PCSG 10/02/13)" dates the undated text before it', () => {
    it('dates a one-paragraph cell and keeps the note at the end of its text (Cheshire 1.1)', () => {
      const cell = "Pan Cheshire protocol has been completed and agreed by all LSCB's. This has now been shared and agreed as a Pan Cheshire Merseyside protocol (Jan 2013) (Updated PCSG 10/02/13)";
      expect(splitUpdateHistory([cell], cheshire)).toEqual([closing(cell)]);
    });

    it('makes one entry of four paragraphs and the note after them (Cheshire 1.4)', () => {
      const entries = splitUpdateHistory(CHESHIRE['1.4'], cheshire);
      expect(entries[0]).toEqual(closing(CHESHIRE['1.4'].slice(0, 5).join('\n')));
      expect(entries[0]!.text.endsWith('(Agreed & Updated PCSG 10/02/13)')).toBe(true);
    });

    it('reads "(Agreed & Updated PCSG 10/02/13)" as PCSG on 10 February 2013, each note closing its own paragraph (Cheshire 1.3)', () => {
      const entries = splitUpdateHistory(CHESHIRE['1.3'], cheshire);
      expect(entries.slice(0, 2)).toEqual([closing(CHESHIRE['1.3'][0]), closing(CHESHIRE['1.3'][1])]);
    });

    it('finds a note inside a paragraph, with an opener straight after it (Cheshire 1.6)', () => {
      expect(splitUpdateHistory(CHESHIRE['1.6'], cheshire)).toEqual([
        closing('DCI Wenham to speak with Claire Lindley (CPS) (Updated PCSG 10/02/13)'),
        stated('2013-05-15', 'Update 15/05/2013 - DCI Wenham, nominated Cheshire CPS CSE lead is, Caroline Ross 0151 777 8764 Caroline.Ross@cps.gsi.gov.uk', 'DCI Wenham'),
      ]);
    });

    it('reads a note without an author', () => {
      expect(splitUpdateHistory(['Protocol agreed (Updated 10/02/13)'], cheshire)).toEqual([closing('Protocol agreed (Updated 10/02/13)', '2013-02-10', null)]);
    });
  });

  describe('openers: "Update 15/05/2013 – ..." dates what follows it', () => {
    it('takes the name after the dash as author when a comma, a dash or the end follows it', () => {
      expect(splitUpdateHistory(['Update 15/05/2013 - DCI Wenham - refer to 3.1'], cheshire)).toEqual([
        stated('2013-05-15', 'Update 15/05/2013 - DCI Wenham - refer to 3.1', 'DCI Wenham'),
      ]);
    });

    it('finds no author in "Update 15/05/2013 – the sub groups ..." (Cheshire 1.2)', () => {
      expect(splitUpdateHistory(CHESHIRE['1.2'], cheshire)).toEqual([closing(CHESHIRE['1.2'][0]), stated('2013-05-15', CHESHIRE['1.2'][1])]);
    });

    it('finds no author when capitalised words run on into the sentence: "Police SPPU have implemented" (Cheshire 1.3)', () => {
      const entries = splitUpdateHistory(CHESHIRE['1.3'], cheshire);
      expect(entries[2]).toEqual(stated('2013-05-15', CHESHIRE['1.3'].slice(2).join('\n')));
      expect(entries).toHaveLength(3);
    });

    it('keeps the paragraphs after an opener in its entry (Cheshire 2.1: the author alone, then the text)', () => {
      expect(splitUpdateHistory(CHESHIRE['2.1'], cheshire)).toEqual([
        closing(CHESHIRE['2.1'].slice(0, 2).join('\n')),
        stated('2013-05-15', CHESHIRE['2.1'].slice(2).join('\n'), 'DCI Wenham'),
      ]);
    });

    it('keeps all of Cheshire 3.1\'s long update in one entry, joining the halves of paragraphs a page break cut', () => {
      const p = CHESHIRE['3.1'];
      const entries = splitUpdateHistory(p, cheshire);
      expect(entries).toHaveLength(2);
      expect(entries[0]).toEqual(closing(p.slice(0, 3).join('\n')));
      expect(entries[1]).toEqual(
        stated('2013-05-15', [p[3], `${p[4]} ${p[5]}`, p[6], p[7], `${p[8]} ${p[9]}`, p[10]].join('\n'), 'DCI Wenham'),
      );
    });

    it('keeps a numbered list and a paragraph cut by a page break in the opener\'s entry (Cheshire 1.4)', () => {
      const p = CHESHIRE['1.4'];
      expect(splitUpdateHistory(p, cheshire)[1]).toEqual(stated('2013-05-15', [p[5], p[6], `${p[7]} ${p[8]}`, p[9]].join('\n')));
    });

    it('dates Cheshire 1.5 and 6.1 by their note, then their opener', () => {
      const p15 = CHESHIRE['1.5'];
      expect(splitUpdateHistory(p15, cheshire)).toEqual([closing(p15.slice(0, 3).join('\n')), stated('2013-05-15', `${p15[3]}\n${p15[4]} ${p15[5]}`)]);
      const p61 = CHESHIRE['6.1'];
      expect(splitUpdateHistory(p61, cheshire)).toEqual([
        closing([`${p61[0]} ${p61[1]}`, p61[2], p61[3], p61[4]].join('\n')),
        stated('2013-05-15', p61[5], 'DCI Wenham'),
      ]);
    });

    it('ends an opener\'s entry at a later closing note, which dates the paragraphs between', () => {
      expect(splitUpdateHistory(['Update 15/05/2013 - DCI Wenham, first.', 'More text', '(Updated PCSG 20/07/13)'], cheshire)).toEqual([
        stated('2013-05-15', 'Update 15/05/2013 - DCI Wenham, first.', 'DCI Wenham'),
        closing('More text\n(Updated PCSG 20/07/13)', '2013-07-20'),
      ]);
    });

    it('does not open an entry at a lower-case "update" inside a sentence', () => {
      expect(splitUpdateHistory(['We will update 15/05/2013 figures next time'], cheshire)).toEqual([inText('2013-05-15', 'We will update 15/05/2013 figures next time')]);
    });
  });

  describe('month-led openers: "June 17 - ..." gives the month, never a day', () => {
    it('splits one paragraph at each month-led opener (Gloucestershire 1.4)', () => {
      expect(splitUpdateHistory(GLOS['1.4'], glos)).toEqual([
        stated('2016-07', "July 2016 - 8th July at Hatherley Manor; boys play ('Crashing') performed; over 200 people attended."),
        stated('2017-10', 'Oct 17 – CSE conference held 3rd Oct 17'),
      ]);
    });

    it('keeps undated text before the first opener as an entry of its own (Gloucestershire 1.5)', () => {
      const entries = splitUpdateHistory(GLOS['1.5'], glos);
      expect(entries.map((e) => [e.date, e.dateSource])).toEqual([
        [null, 'none'],
        ['2017-01', 'stated'],
        ['2017-06', 'stated'],
      ]);
      expect(entries[1]!.text).toBe('Jan 17 – Inclusion Gloucestershire commissioned to develop specific DVD for YP with Learning Disability about internet safety and grooming');
      expect(entries[2]!.text).toBe('June 17 - Above DVD launched earlier this year. To be used as a tool at schools');
    });

    it('does not open at a day-first date inside the text, and leaves text naming several dates undated (Gloucestershire 1.7)', () => {
      const entries = splitUpdateHistory(GLOS['1.7'], glos);
      expect(shape(entries)).toEqual([
        { date: null, dateSource: 'none', author: null, starts: 'Meeting with Licensing c' },
        { date: '2017-06', dateSource: 'stated', author: null, starts: 'June 17 – Training of al' },
        { date: '2017-10', dateSource: 'stated', author: null, starts: 'Oct 17 – Taxi driver tra' },
      ]);
      expect(entries[0]!.text.endsWith('is due to be delivered in January 2017')).toBe(true);
      expect(entries[1]!.text).toBe('June 17 – Training of all taxi drivers ongoing');
    });

    it('reads "OCT 17 -", "Jan 2017 -" and "Nov 2016 -" whatever the case and year length', () => {
      expect(splitUpdateHistory(['OCT 17 - CSE training is provided'], glos)).toEqual([stated('2017-10', 'OCT 17 - CSE training is provided')]);
      expect(splitUpdateHistory(GLOS['4.1'], glos).map((e) => e.date)).toEqual(['2016-11', '2017-06', '2018-02']);
      expect(splitUpdateHistory(GLOS['5.5'], glos).map((e) => e.date)).toEqual(['2017-01', '2017-06', '2018-02']);
    });

    it('continues an opener into the next paragraph (Gloucestershire 3.4)', () => {
      expect(splitUpdateHistory(GLOS['3.4'], glos)).toEqual([stated('2017-01', GLOS['3.4'].join('\n'))]);
    });

    it('splits Gloucestershire 1.16, 2.5 and 4.4 into one entry per update, in order', () => {
      expect(shape(splitUpdateHistory(GLOS['1.16'], glos)).map((e) => [e.date, e.dateSource])).toEqual([
        [null, 'none'],
        ['2017-06', 'stated'],
        ['2017-08', 'stated'],
        ['2017-10', 'stated'],
      ]);
      expect(splitUpdateHistory(GLOS['2.5'], glos)).toEqual([
        undated(GLOS['2.5'][0]),
        undated(GLOS['2.5'][1]),
        stated('2017-01', GLOS['2.5'][2]),
        stated('2017-08', GLOS['2.5'][3]),
        stated('2017-10', GLOS['2.5'][4]),
      ]);
      const entries44 = splitUpdateHistory(GLOS['4.4'], glos);
      expect(entries44.map((e) => e.date)).toEqual([null, '2017-01', '2017-06', '2018-02']);
      expect(entries44[0]!.text).toBe('Meetings between GCC commissioner and Police Commissioner to plan future arrangements;');
    });

    it('joins a paragraph cut by a page break back into the opener it belongs to (Gloucestershire 1.14, 3.3)', () => {
      expect(splitUpdateHistory(GLOS['1.14'], glos).map((e) => e.date)).toEqual([null, '2017-06', '2017-10']);
      expect(splitUpdateHistory(GLOS['3.3'], glos)).toEqual([
        inText('2016-07', 'Protocol was adopted in July 16. It will form part of the team PDR and regular supervisory reviews will ensure that it is followed. Implementation is ongoing'),
        stated('2017-08', 'Aug 17 - This is now force policy and this benchmark for all CSE investigations is used as a supervisory and audit tool.'),
      ]);
    });

    it('opens at a day-first date only at the start of a paragraph, followed by a dash', () => {
      expect(splitUpdateHistory(['20/5/16 - Meeting with Licensing committee'], glos)).toEqual([stated('2016-05-20', '20/5/16 - Meeting with Licensing committee')]);
      expect(splitUpdateHistory(['8th July 2016 – event held'], glos)).toEqual([stated('2016-07-08', '8th July 2016 – event held')]);
    });
  });

  describe('openers as other boards write them, at the precision written', () => {
    const plan = { planYears: [2022, 2023] };
    it.each([
      ['04.11.2022 – Audit of case files started.', '2022-11-04'],
      ['17.01.2023: Report taken to the board.', '2023-01-17'],
      ['June 2023: Training delivered to 40 staff.', '2023-06'],
      ['w/c 06.02.2023 – Multi-agency audit held.', '2023-02-06'],
      ['Q2 2022/23 – Data reviewed by the group.', '2022-35'],
      ['Q4 2022-23: Year-end figures reported.', '2023-33'],
      ['Q1 2023 – Calendar quarter figures.', '2023-33'],
      ['Spring term 2023 – Schools briefed.', '2023-T1'],
      ['Summer term 2023: DSL network met.', '2023-T2'],
      ['Autumn term 2022 – Pilot in two schools.', '2022-T3'],
    ])('dates "%s" as %s', (text, date) => {
      expect(splitUpdateHistory([text], plan)).toEqual([{ date, dateSource: 'stated', author: null, text }]);
    });

    it('opens a new entry at each bulleted opener, keeping the paragraphs after one with it', () => {
      const entries = splitUpdateHistory(['04.11.2022 – Audit started.', 'Findings due in January.', '17.01.2023: Report to board.', 'Q2 2022/23 – Data reviewed.'], plan);
      expect(entries.map((e) => [e.date, e.text])).toEqual([
        ['2022-11-04', '04.11.2022 – Audit started.\nFindings due in January.'],
        ['2023-01-17', '17.01.2023: Report to board.'],
        ['2022-35', 'Q2 2022/23 – Data reviewed.'],
      ]);
    });

    it('does not take a colon after a month in the middle of a sentence for an opener', () => {
      expect(splitUpdateHistory(['The group met in June 2023: actions were agreed.'], plan)).toEqual([
        { date: '2023-06', dateSource: 'in-text', author: null, text: 'The group met in June 2023: actions were agreed.' },
      ]);
    });

    it.each([
      ['Q2 22/23 – Data reviewed.', '2022-35'],
      ['Q1 2023/24: Figures reported.', '2023-34'],
      ['Autumn term 2022/23 – Pilot started.', '2022-T3'],
      ['Spring term 2022/23: Schools briefed.', '2023-T1'],
      ['Update Q2 2022/23 – Data reviewed.', '2022-35'],
      ['Update Spring term 2023 - Schools briefed.', '2023-T1'],
    ])('dates "%s" as %s: a two-digit financial year, a school year, an "Update" before a quarter or term', (text, date) => {
      expect(splitUpdateHistory([text], plan)).toEqual([{ date, dateSource: 'stated', author: null, text }]);
    });

    it('opens entries at bullets, keeping the bullet in the text', () => {
      expect(splitUpdateHistory(['• 04.11.2022 – Audit started.', '- June 2023: Training.', '* Q2 2022/23 – Data.'], plan).map((e) => [e.date, e.dateSource, e.text])).toEqual([
        ['2022-11-04', 'stated', '• 04.11.2022 – Audit started.'],
        ['2023-06', 'stated', '- June 2023: Training.'],
        ['2022-35', 'stated', '* Q2 2022/23 – Data.'],
      ]);
    });

    it('splits entries run together in one paragraph where a sentence ends and an opener follows', () => {
      expect(splitUpdateHistory(['04.11.2022 – Audit started. 17.01.2023: Report to board. Spring term 2023 – Schools briefed.'], plan).map((e) => [e.date, e.text])).toEqual([
        ['2022-11-04', '04.11.2022 – Audit started.'],
        ['2023-01-17', '17.01.2023: Report to board.'],
        ['2023-T1', 'Spring term 2023 – Schools briefed.'],
      ]);
    });

    it('dates an undated paragraph by the quarter or term its text names, not by the bare year inside it', () => {
      expect(splitUpdateHistory(['Figures will be reviewed in Q3 2022/23.', 'Roll-out to schools during the Summer term 2023.'], plan)).toEqual([
        { date: '2022-36', dateSource: 'in-text', author: null, text: 'Figures will be reviewed in Q3 2022/23.' },
        { date: '2023-T2', dateSource: 'in-text', author: null, text: 'Roll-out to schools during the Summer term 2023.' },
      ]);
    });

    it('does not take the first date of a range for an opener: "01.04.2023 – 30.06.2023", "June 2023 - Aug 2023"', () => {
      expect(splitUpdateHistory(['01.04.2023 – 30.06.2023 figures show a rise.', 'June 2023 - Aug 2023: pilot ran.'], plan).map((e) => e.dateSource)).toEqual(['none', 'none']);
    });

    it('does not read a financial year whose second year does not follow the first', () => {
      expect(splitUpdateHistory(['Q2 2022/25 – typo'], plan)[0]!.dateSource).not.toBe('stated');
    });
  });

  describe('undated paragraphs: dated by the one date their text names', () => {
    it('dates "Minutes approved at the board on 02/06/2016." by that day', () => {
      expect(splitUpdateHistory(['Minutes approved at the board on 02/06/2016.'], glos)).toEqual([inText('2016-06-02', 'Minutes approved at the board on 02/06/2016.')]);
    });

    it('dates "... action plan Oct 17" by the month (Gloucestershire 5.1)', () => {
      expect(splitUpdateHistory(GLOS['5.1'], glos)).toEqual([inText('2017-10', GLOS['5.1'][0])]);
    });

    it('dates "Final version distributed for signatures 19/07/17" and leaves "Initial draft completed." undated (Gloucestershire 3.7)', () => {
      expect(splitUpdateHistory(GLOS['3.7'], glos)).toEqual([
        undated('Initial draft completed.'),
        inText('2017-07-19', 'Final version distributed for signatures 19/07/17'),
      ]);
    });

    it('reads a bare year as a date only when it sits with the plan\'s years (Gloucestershire 1.13)', () => {
      expect(splitUpdateHistory(GLOS['1.13'], glos)).toEqual([
        inText('2017', 'Initial discussion with Safeguarding Nurse (Annette Blackstock) planned for 2017'),
        stated('2017-10', 'Oct 17 – LW/JP presented to GP Forum'),
      ]);
      expect(splitUpdateHistory(['over 2000 people attended'], glos)).toEqual([undated('over 2000 people attended')]);
      expect(splitUpdateHistory(['planned for 2017'], noYears)).toEqual([undated('planned for 2017')]);
    });

    it('keeps each paragraph as its own entry, the page-break halves joined (Cheshire 2.2, Gloucestershire 1.8)', () => {
      const p = CHESHIRE['2.2'];
      expect(splitUpdateHistory(p, cheshire)).toEqual([undated(p[0]), undated(p[1]), undated(`${p[2]} ${p[3]}`)]);
      expect(splitUpdateHistory(GLOS['1.8'], glos).map((e) => [e.date, e.dateSource])).toEqual([
        [null, 'none'],
        [null, 'none'],
        ['2017-02', 'in-text'],
        [null, 'none'],
      ]);
    });

    it('leaves undated a paragraph naming two different dates, or an impossible one', () => {
      expect(splitUpdateHistory(['Met on 10/02/13 and again on 15/05/2013'], cheshire)).toEqual([undated('Met on 10/02/13 and again on 15/05/2013')]);
      expect(splitUpdateHistory(['Met on 31/02/13'], cheshire)).toEqual([undated('Met on 31/02/13')]);
    });

    it('dates a paragraph naming the same date twice by it (Gloucestershire 4.2: "February 2017")', () => {
      expect(splitUpdateHistory(GLOS['4.2'], glos)[0]).toMatchObject({ date: '2017-02', dateSource: 'in-text' });
    });
  });

  describe('text', () => {
    it('tidies whitespace inside an entry and keeps the words verbatim', () => {
      expect(splitUpdateHistory(['  Update   15/05/2013 -  DCI Wenham,\u00a0the   text ', '   '], cheshire)).toEqual([
        stated('2013-05-15', 'Update 15/05/2013 - DCI Wenham, the text', 'DCI Wenham'),
      ]);
    });

    it('returns no entries for an empty cell', () => {
      expect(splitUpdateHistory([], cheshire)).toEqual([]);
      expect(splitUpdateHistory(['', '  '], cheshire)).toEqual([]);
    });

    it('drops no word of any seed cell, and keeps them in order', () => {
      for (const [ref, paragraphs] of [...Object.entries(CHESHIRE), ...Object.entries(GLOS)]) {
        const context = ref in GLOS && GLOS[ref as keyof typeof GLOS] === paragraphs ? glos : cheshire;
        expect(words(splitUpdateHistory(paragraphs, context).map((e) => e.text)), ref).toEqual(words(paragraphs));
      }
    });
  });
});
