import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';

/**
 * A button whose action runs only after the person confirms it in a dialog (Mantine's Modal
 * traps focus and returns it to the button). The dialog stays open while the action runs.
 */
export function ConfirmButton({
  children,
  title,
  message,
  onConfirm,
  color = 'red',
  ...button
}: ButtonProps & { children: ReactNode; title: string; message: ReactNode; onConfirm: () => Promise<unknown>; 'aria-label'?: string; 'aria-describedby'?: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      close();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button color={color} {...button} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title}>
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            Keep it
          </Button>
          <Button color={color} loading={busy} onClick={() => void confirm().catch(() => undefined)}>
            Confirm
          </Button>
        </Group>
      </Modal>
    </>
  );
}
