import { useEffect, useRef, useState } from 'react';
import {
  TEMPLATE_PARTS,
  type TemplateContent,
  type TemplateDetail,
  type TemplateKind,
  type TemplateLocale,
  type TemplatePart,
  type TemplatePreview,
  type TemplateProblem,
} from '../../../../../src/surfaces/admin-api';
import { call } from '../../api';
import { errorText, type Messages } from '../../i18n';
import type { TemplateTexts } from '../Templates.i18n';

export type Notice = { tone: 'success' | 'error' | 'info'; text: string };
const PREVIEW_DELAY_MS = 400;

export const same = (a: TemplateContent, b: TemplateContent) => TEMPLATE_PARTS.every((p) => a[p] === b[p]);

/**
 * The template editor's state and its calls to the server, for one kind and language at a time: load the
 * template, keep the admin's unsaved draft per kind and language, preview the draft (debounced; answers to
 * older drafts are dropped), save, reset to the default, restore a version, send a test. `focusAfter` names
 * the element that takes the focus after the next render.
 */
export function useTemplateEditor(t: Messages, x: TemplateTexts, kind: TemplateKind, locale: TemplateLocale) {
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [draft, setDraft] = useState<TemplateContent | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState<'save' | 'reset' | 'restore' | 'test' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [testNotice, setTestNotice] = useState<Notice | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const previewSeq = useRef(0);
  const focusAfter = useRef<string | null>(null);
  /** Unsaved drafts per kind and language: switching away and back keeps the admin's work. */
  const drafts = useRef(new Map<string, TemplateContent>());
  const pairKey = `${kind}/${locale}`;

  async function load(k: TemplateKind, l: TemplateLocale) {
    setLoadError(null);
    const result = await call('admin/templates/get', { kind: k, locale: l });
    if (!result.ok) {
      setLoadError(errorText(t, result.error));
      return;
    }
    setDetail(result.data);
    setDraft({ ...(drafts.current.get(`${k}/${l}`) ?? result.data.template) });
    setProblems([]);
  }

  useEffect(() => {
    setDetail(null);
    setDraft(null);
    setPreview(null);
    setNotice(null);
    setTestNotice(null);
    setConfirmReset(false);
    void load(kind, locale);
    // Only on the listed changes (none: on mount), not whenever a callback is recreated by a render.
  }, [kind, locale]);

  // Live preview: debounced, rendered by the server; answers to older drafts are dropped.
  useEffect(() => {
    if (!draft) return;
    const seq = ++previewSeq.current;
    setPreviewing(true);
    const refresh = async () => {
      const result = await call('admin/templates/preview', { kind, locale, template: draft });
      if (seq !== previewSeq.current) return;
      setPreviewing(false);
      if (result.ok) {
        setPreview(result.data);
        setProblems([]);
      } else if (result.error === 'invalid-template') {
        setProblems((result.problems ?? []) as TemplateProblem[]);
      }
    };
    const timer = setTimeout(() => void refresh(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, kind, locale]);

  useEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    focusAfter.current = null;
    document.getElementById(id)?.focus();
  });

  function edit(part: TemplatePart, value: string) {
    setDraft((d) => {
      if (!d) return d;
      const next = { ...d, [part]: value };
      drafts.current.set(pairKey, next);
      return next;
    });
    setNotice(null);
  }

  function applyDetail(next: TemplateDetail) {
    drafts.current.delete(pairKey);
    setDetail(next);
    setDraft({ ...next.template });
    setProblems([]);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!draft || !detail || busy) return;
    // Problems of the current draft stop the save here; while a newer preview is still on its way, the
    // server decides (it validates every save), so a fix typed just before clicking is not refused.
    if (problems.length > 0 && !previewing) {
      setNotice({ tone: 'error', text: x.fixFirst(problems.length) });
      focusAfter.current = 'pa-tpl-problem-0';
      return;
    }
    if (same(draft, detail.template) && !detail.isDefault) {
      setNotice({ tone: 'info', text: x.unchanged });
      return;
    }
    setBusy('save');
    setNotice({ tone: 'info', text: x.saving });
    const result = await call('admin/templates/save', { kind, locale, template: draft, baseVersion: detail.version });
    setBusy(null);
    if (result.ok) {
      applyDetail(result.data);
      setNotice({ tone: 'success', text: x.saved });
    } else if (result.error === 'invalid-template') {
      const found = (result.problems ?? []) as TemplateProblem[];
      setProblems(found);
      setNotice({ tone: 'error', text: x.fixFirst(found.length) });
      focusAfter.current = 'pa-tpl-problem-0';
    } else if (result.error === 'conflict') {
      // Reload what the other admin saved, but keep this admin's draft on top of it (drafts map).
      await load(kind, locale);
      setNotice({ tone: 'error', text: x.conflict });
    } else {
      setNotice({ tone: 'error', text: errorText(t, result.error) });
    }
  }

  async function reset() {
    if (!detail || busy) return;
    setBusy('reset');
    const result = await call('admin/templates/reset', { kind, locale, baseVersion: detail.version });
    setBusy(null);
    setConfirmReset(false);
    focusAfter.current = 'pa-tpl-reset';
    if (result.ok) {
      applyDetail(result.data);
      setNotice({ tone: 'success', text: x.resetDone });
    } else if (result.error === 'conflict') {
      await load(kind, locale);
      setNotice({ tone: 'error', text: x.conflict });
    } else setNotice({ tone: 'error', text: errorText(t, result.error) });
  }

  async function restore(version: number) {
    if (!detail || busy) return;
    setBusy('restore');
    const result = await call('admin/templates/restore', { kind, locale, version, baseVersion: detail.version });
    setBusy(null);
    if (result.ok) {
      applyDetail(result.data);
      setNotice({ tone: 'success', text: x.restored(version) });
      focusAfter.current = 'pa-tpl-status';
    } else if (result.error === 'invalid-template') {
      setProblems((result.problems ?? []) as TemplateProblem[]);
      setNotice({ tone: 'error', text: errorText(t, result.error) });
    } else {
      if (result.error === 'conflict' || result.error === 'not-found') await load(kind, locale);
      setNotice({ tone: 'error', text: result.error === 'conflict' ? x.conflict : errorText(t, result.error) });
    }
  }

  async function test() {
    if (!draft || !detail || busy) return;
    if (problems.length > 0 && !previewing) {
      setTestNotice({ tone: 'error', text: x.fixFirst(problems.length) });
      return;
    }
    setBusy('test');
    setTestNotice({ tone: 'info', text: x.testing });
    const result = await call('admin/templates/test', { kind, locale, ...(same(draft, detail.template) ? {} : { template: draft }) });
    setBusy(null);
    setTestNotice(result.ok ? { tone: 'success', text: x.testSent(result.data.to) } : { tone: 'error', text: errorText(t, result.error, result.reason) });
  }

  return { detail, draft, loadError, problems, preview, previewing, busy, notice, testNotice, confirmReset, setConfirmReset, focusAfter, load, edit, save, reset, restore, test };
}
