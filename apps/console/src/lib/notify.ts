import { notifications } from '@mantine/notifications';
import { describeError } from '../api/problem';

export const notifySuccess = (message: string) => notifications.show({ color: 'green', message });
export const notifyFailure = (title: string, error: unknown) => notifications.show({ color: 'red', title, message: describeError(error), autoClose: 8000 });
