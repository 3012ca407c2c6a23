package tickets.contracts;
