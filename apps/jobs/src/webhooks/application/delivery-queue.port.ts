/** Where deliveries wait for a worker (BullMQ); adding a series already there does nothing. */
export abstract class DeliveryQueue {
  abstract enqueue(delivery: { id: string; replays: number }): Promise<void>;
}
