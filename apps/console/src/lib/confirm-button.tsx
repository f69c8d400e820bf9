import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';

export interface ConfirmButtonProps {
  /** The button's text: also its accessible name, which browser tests target ("Revoke", "Retry"…). */
  children: ReactNode;
  /** The dialog's title, a question ("Revoke the key iOS app?"). */
  title: string;
  /** What will happen, and whether it can be undone. */
  message: ReactNode;
  /** Runs on "Confirm"; the dialog stays open (busy) until it settles. Report failures in it. */
  onConfirm: () => Promise<unknown> | void;
  /** Colour of the confirm button: red for what cannot be undone. */
  confirmColor?: string;
  /** Props of the button that opens the dialog (size, variant, color, disabled…). */
  buttonProps?: ButtonProps & { 'aria-describedby'?: string };
}

/**
 * A button that asks before it acts: a small dialog with the consequence, "Cancel" (focused
 * first, so Enter does not destroy by accident) and "Confirm". Escape or a click outside cancels;
 * focus returns to the button.
 */
export function ConfirmButton({ children, title, message, onConfirm, confirmColor = 'red', buttonProps }: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } catch {
      // The caller reports failures (a mutation's onError); the dialog just closes.
    } finally {
      setBusy(false);
      close();
    }
  };
  return (
    <>
      <Button size="xs" variant="light" color={confirmColor} {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={busy ? () => undefined : close} title={title} centered>
        <Stack>
          {typeof message === 'string' ? <Text size="sm">{message}</Text> : message}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={busy} data-autofocus>
              Cancel
            </Button>
            <Button color={confirmColor} onClick={() => void confirm()} loading={busy}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
