/**
 * 测试评价器 on the 设置 page (ratings.testDevice, administrator): the shared tester
 * (components/rating-test) on the device as the core runs it, with its state from app.health.
 * Disabled with the reason while the device is not saved, edited since, or waiting for a restart.
 */
import { useCallback } from 'react';
import { useCounter } from '../../api/hooks';
import { useHealth } from '../../app/frame-context';
import { RatingTester } from '../../components/rating-test/RatingTester';
import { ratingTestBlocked } from '../../components/rating-test/test-rating-model';

export interface TestRatingProps {
  /** The saved settings have a rating device. */
  configured: boolean;
  /** The form holds changes to the rating device that are not saved yet. */
  edited: boolean;
  /** Saved changes to the rating device wait for a restart (the running driver has the old ones). */
  restartPending: boolean;
}

export function TestRating({ configured, edited, restartPending }: TestRatingProps) {
  const client = useCounter();
  const health = useHealth();
  const device = health.devices.find((d) => d.id === 'ratingDevice');
  const run = useCallback(() => client.call('ratings.testDevice', {}), [client]);
  return <RatingTester run={run} blocked={ratingTestBlocked(configured, edited, restartPending)} device={configured && device ? device : null} />;
}
