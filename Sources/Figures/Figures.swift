// Figures module
