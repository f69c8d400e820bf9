import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';

/**
 * A button whose action is asked about first, in a modal (which keeps the keyboard focus inside
 * and returns it to the button when closed). `onConfirm` resolves when the action is done, failed
 * or not: the caller reports the outcome.
 */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  loading,
  ...button
}: {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  loading?: boolean;
} & Omit<ButtonProps, 'children' | 'loading'>) {
  const [opened, { open, close }] = useDisclosure(false);
  const confirm = () => void onConfirm().finally(close);
  return (
    <>
      <Button {...button} loading={loading} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          <Text size="sm">{message}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              No, keep it
            </Button>
            <Button color={button.color} onClick={confirm} loading={loading}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
