export const EventsPage = () => <h1>Events</h1>;
