import { Button, Field, makeStyles, Radio, RadioGroup, Select, tokens } from '@fluentui/react-components';
import { HeaderPanel } from './HeaderPanel.js';
import { useHeaderPanelStyles } from './HeaderPanel.styles.js';
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ChannelDigest, DigestSchedule, PlanChannel, Weekday } from '../../../src/plan/channel-digest.js';
import { useTab } from '../app/tab-context.js';
import { formatDate } from '../format/dates.js';
import { asApiError } from '../plan/use-plan-data.js';
import { describeDigestSchedule, MOST_DAYS_BEFORE_MEETING, WEEKDAYS } from '../../../src/plan/channel-digest.js';

const useStyles = makeStyles({
  size: {
    width: 'min(26rem, calc(100vw - 2rem))',
    // Its height is capped to the room under the header as it opens (useFitToWindow): past it, it scrolls.
    overflowY: 'auto',
    overflowWrap: 'anywhere',
  },
  text: {
    margin: 0,
  },
  option: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
  },
  // The two selects line up, whichever label is longer.
  optionRadio: {
    minWidth: '12.5rem',
  },
  select: {
    width: '9rem',
    // Lined up with the radio's label, when the choice wraps under it in a narrow tab.
    marginLeft: tokens.spacingHorizontalXXL,
    '@media (min-width: 360px)': { marginLeft: 0 },
  },
  buttons: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  elsewhere: {
    margin: 0,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

/**
 * The tab's page does not scroll (the action list scrolls inside it), so a panel taller than the
 * room left under the header would be cut off: in a narrow tab the header alone is half the height.
 */
function useFitToWindow(panel: RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    const fit = () => {
      const element = panel.current;
      if (!element) return;
      const room = window.innerHeight - element.getBoundingClientRect().top - 8;
      element.style.maxHeight = `${Math.max(160, room)}px`;
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [panel]);
}

export interface ChannelDigestPanelProps {
  id: string;
  planId: string;
  /** The plan's setting as shown (null: the plan posts to no channel). */
  digest: ChannelDigest | null;
  /** The channel the tab is in, or null outside one. */
  here: PlanChannel | null;
  /** Whether this person may change the plan; the others see the setting only. */
  mayEdit: boolean;
  today: DateOnly;
  onDigest: (digest: ChannelDigest | null) => void;
  onClose: () => void;
}

type Kind = DigestSchedule['kind'];

const channelName = (channel: PlanChannel, unnamed: string) => channel.name ?? unnamed;
const DAY_CHOICES = Array.from({ length: MOST_DAYS_BEFORE_MEETING }, (_, i) => i + 1);
const isWeekday = (value: string): value is Weekday => (WEEKDAYS as readonly string[]).includes(value);
const KINDS: readonly string[] = ['on-request', 'weekly', 'before-meeting'] satisfies Kind[];
const isKind = (value: string): value is Kind => KINDS.includes(value);

/**
 * The plan's digest in its team's channel: where and when the bot posts "since the last meeting",
 * and, for people who may change the plan, the schedule, Post now, Stop posting, and linking the
 * channel the tab is in. The server checks the rest (the app in the team, the person in it) and
 * its refusals are shown in its words. Escape closes the panel.
 */
export function ChannelDigestPanel({ id, planId, digest, here, mayEdit, today, onDigest, onClose }: ChannelDigestPanelProps) {
  const styles = useStyles();
  const panel = useHeaderPanelStyles();
  const { api } = useTab();
  const heading = useRef<HTMLHeadingElement>(null);
  const section = useRef<HTMLElement>(null);
  useFitToWindow(section);
  const current = digest?.schedule;
  const [kind, setKind] = useState<Kind>(current?.kind ?? 'before-meeting');
  const [weekday, setWeekday] = useState<Weekday>(current?.kind === 'weekly' ? current.weekday : 'Monday');
  const [daysBefore, setDaysBefore] = useState(current?.kind === 'before-meeting' ? current.daysBefore : 3);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState('');

  const link = api.linkChannelDigest?.bind(api);
  const unlink = api.unlinkChannelDigest?.bind(api);
  const post = api.postChannelDigest?.bind(api);
  const editable = mayEdit && link !== undefined;
  const elsewhere = digest !== null && here !== null && here.channelId !== digest.channel.channelId;
  const chosen: DigestSchedule = kind === 'weekly' ? { kind, weekday } : kind === 'before-meeting' ? { kind, daysBefore } : { kind };

  async function run(work: () => Promise<string>, options: { refocus: boolean }) {
    setBusy(true);
    setFailure(null);
    setDone('');
    try {
      setDone(await work());
      // The button pressed may be gone with the state it offered: focus stays in the panel, at its top.
      if (options.refocus) heading.current?.focus();
    } catch (error) {
      setFailure(asApiError(error).message);
    } finally {
      setBusy(false);
    }
  }

  function linkTo(channel: PlanChannel, said: (saved: ChannelDigest) => string, refocus: boolean) {
    if (!link) return;
    void run(async () => {
      const saved = await link(planId, { channel, schedule: chosen });
      onDigest(saved);
      return said(saved);
    }, { refocus });
  }

  const scheduleChoice = (
    <Field label="When to post" hint="Anyone in the channel can also ask for it: “@Action plans since last meeting”.">
      <RadioGroup value={kind} onChange={(_, d) => isKind(d.value) && setKind(d.value)}>
        <Radio value="on-request" label="On request only" />
        <div className={styles.option}>
          <Radio className={styles.optionRadio} value="weekly" label="Every week on" />
          <Select
            className={styles.select}
            aria-label="Day of the week to post"
            value={weekday}
            onChange={(_, d) => {
              if (isWeekday(d.value)) setWeekday(d.value);
              setKind('weekly');
            }}
          >
            {WEEKDAYS.map((day) => (
              <option key={day} value={day}>
                {day}
              </option>
            ))}
          </Select>
        </div>
        <div className={styles.option}>
          <Radio className={styles.optionRadio} value="before-meeting" label="Before each meeting" />
          <Select
            className={styles.select}
            aria-label="Days before each meeting to post"
            value={String(daysBefore)}
            onChange={(_, d) => {
              setDaysBefore(Number(d.value));
              setKind('before-meeting');
            }}
          >
            {DAY_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n === 1 ? '1 day before' : `${n} days before`}
              </option>
            ))}
          </Select>
        </div>
      </RadioGroup>
    </Field>
  );

  return (
    <HeaderPanel
      id={id}
      heading="Channel digest"
      hideLabel="Hide channel digest"
      className={styles.size}
      onClose={onClose}
      failure={failure}
      done={done}
      sectionRef={section}
      headingRef={heading}
    >

      {digest === null ? (
        <p className={styles.text}>
          The plan posts “since the last meeting” to no channel.
          {here !== null && !editable && ' Someone who may change the plan can have it posted here.'}
        </p>
      ) : (
        <>
          <p className={styles.text}>
            Posts “since the last meeting” to {channelName(digest.channel, 'a channel')} {describeDigestSchedule(digest.schedule)}.
          </p>
          <p className={panel.note}>{digest.lastPostedOn === null ? 'Not posted yet.' : `Last posted ${formatDate(digest.lastPostedOn)}.`}</p>
        </>
      )}

      {elsewhere && (
        <div className={styles.elsewhere}>
          <p className={styles.text}>This tab is in {channelName(here, 'another channel')}, not in the channel the digest goes to.</p>
          {editable && (
            <Button
              disabledFocusable={busy}
              onClick={() => linkTo(here, (saved) => `The digest now goes to ${channelName(saved.channel, 'this channel')}, ${describeDigestSchedule(saved.schedule)}.`, true)}
            >
              Post here instead
            </Button>
          )}
        </div>
      )}

      {editable && digest !== null && (
        <>
          {scheduleChoice}
          <div className={styles.buttons}>
            <Button
              appearance="primary"
              disabledFocusable={busy}
              onClick={() => linkTo(digest.channel, (saved) => `Saved: posts ${describeDigestSchedule(saved.schedule)}.`, false)}
            >
              Save
            </Button>
            {post && (
              <Button
                disabledFocusable={busy}
                onClick={() =>
                  void run(async () => {
                    const { since, counts } = await post(planId);
                    onDigest({ ...digest, lastPostedOn: today });
                    const n = counts.actionsChanged;
                    return `Posted: ${n} ${n === 1 ? 'action' : 'actions'} changed since ${formatDate(since)}.`;
                  }, { refocus: false })
                }
              >
                Post now
              </Button>
            )}
            {unlink && (
              <Button
                disabledFocusable={busy}
                onClick={() =>
                  void run(async () => {
                    await unlink(planId);
                    onDigest(null);
                    return `Stopped: nothing more is posted to ${channelName(digest.channel, 'the channel')}.`;
                  }, { refocus: true })
                }
              >
                Stop posting
              </Button>
            )}
          </div>
        </>
      )}

      {editable && digest === null && here !== null && (
        <>
          {scheduleChoice}
          <div className={styles.buttons}>
            <Button
              appearance="primary"
              disabledFocusable={busy}
              onClick={() => linkTo(here, (saved) => `Linked: the digest goes to ${channelName(saved.channel, 'this channel')}, ${describeDigestSchedule(saved.schedule)}.`, true)}
            >
              Post the digest here
            </Button>
          </div>
        </>
      )}

    </HeaderPanel>
  );
}
