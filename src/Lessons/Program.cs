using Lessons.Cli;

return LessonsCommand.Invoke(args);
