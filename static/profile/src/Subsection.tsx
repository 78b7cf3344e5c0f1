import { useEffect, useRef } from 'react';
import type { ProfileData } from '../../../src/surfaces/profile-api';
import type { Failure } from './api';
import type { Messages } from './i18n';

/**
 * What a step that adds a two-step method (the app, SMS) is given: the texts, how a failure reads, and where it
 * goes when cancelled, when it ends without the method (with why), and when done (the recovery codes of a first
 * method, and the fresh profile).
 */
export type MethodSetupProps = {
  t: Messages;
  failureText: (f: Failure) => string;
  onCancel: () => void;
  onEnded: (text: string) => void;
  onDone: (codes: string[], profile: ProfileData) => void;
};

/**
 * A step of the two-step area that opens in place (a code form, the app or SMS set-up, the recovery codes): its
 * title takes focus when it opens, so a screen reader announces where the customer is.
 */
export function Subsection({ title, className, children }: { title: string; className?: string; children: React.ReactNode }) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  return (
    <div className={className ? `pp-subsection ${className}` : 'pp-subsection'}>
      <h3 className="pp-subtitle pp-subtitle--small" ref={titleRef} tabIndex={-1}>
        {title}
      </h3>
      {children}
    </div>
  );
}

/** Where a step's failure shows (an alert the step focuses); empty while there is none. */
export function FailureAlert({ text, ref }: { text: string | undefined; ref: React.Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className={text ? 'pp-notice pp-notice--error' : 'pp-notice-empty'}>
      {text ? <p>{text}</p> : null}
    </div>
  );
}
